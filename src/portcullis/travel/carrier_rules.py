"""The carrier's permission-to-travel answer for one passenger, as a pure function of what the records say.
The codes tell a carrier what to do, never why: a refusal of carriage has one code whatever its cause."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portcullis.core.policy import Snapshot
from portcullis.travel.rules import classify, rollout_groups


@dataclass(frozen=True)
class CarrierAnswer:
    status: str  # OK, NO_BOARD, CHECK_DOCUMENTS
    code: str
    basis: str | None = None


def carrier_answer(
    *,
    nationality: str,
    on: date,
    snapshot: Snapshot,
    has_eta: bool,
    has_evisa: bool,
    refused_carriage: bool,
    document_expired: bool,
) -> CarrierAnswer:
    """Permission to travel for one passenger. Codes never say why carriage is refused."""
    if refused_carriage:
        return CarrierAnswer("NO_BOARD", "NB01")
    if document_expired:
        return CarrierAnswer("CHECK_DOCUMENTS", "CD03")
    kind, group, _ = classify(nationality, snapshot)
    if kind == "british-or-irish":
        return CarrierAnswer("OK", "OK01", "british-or-irish")
    if has_evisa:
        return CarrierAnswer("OK", "OK03", "evisa")
    if kind == "botc":
        return CarrierAnswer("OK", "OK05", "exempt")
    if has_eta and kind == "eta-group":
        return CarrierAnswer("OK", "OK02", "eta")
    enforced = snapshot.maybe("travel.eta.carrier_enforcement")
    enforcing = bool(enforced is not None and enforced.value)
    if kind == "eta-group":
        dates = rollout_groups(snapshot)[0].get(group or "")
        if dates is None or dates["required_from"] > on:
            return CarrierAnswer("OK", "OK05", "exempt")  # no ETA needed yet for this nationality
    if kind == "unclassified" or not enforcing:
        return CarrierAnswer("CHECK_DOCUMENTS", "CD01")
    # A visa holder's permission is an eVisa; a visa national without one, or an ETA national without an ETA.
    return CarrierAnswer("NO_BOARD", "NB02")


CARRIER_CODES: dict[str, str] = {
    "OK01": "OK to board: British or Irish citizen.",
    "OK02": "OK to board: valid ETA linked to this passport (Valid Permission to Travel).",
    "OK03": "OK to board: valid eVisa linked to this passport (Valid Permission to Travel).",
    "OK05": "OK to board: no permission to travel needed for this passenger on this date.",
    "NB01": "Do not board: authority to carry refused. No reason is given to the carrier.",
    "NB02": "Do not board: no valid permission to travel (no permission, no travel).",
    "CD01": "Check documents: no record of valid permission to travel; check the visa or exemption.",
    "CD02": "Check documents: the passport details could not be matched; check them against the document.",
    "CD03": "Check documents: the passport has expired by the date of travel.",
}
