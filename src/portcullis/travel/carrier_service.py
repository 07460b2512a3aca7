"""The carrier's permission-to-travel check for one flight's manifest: records are read in bulk (ETAs by
passport, eVisas through the holder's passports), each passenger is screened against the authority-to-carry
lists, and every answer is written to the audit log as a disclosure to the carrier."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Connection,
    Date,
    String,
    and_,
    any_,
    bindparam,
    case,
    cast,
    literal_column,
    null,
    select,
    union_all,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from portcullis.core import audit, policy
from portcullis.core.access import Principal
from portcullis.core.access_models import ApiToken, User
from portcullis.core.db import UnitOfWork
from portcullis.core.parties import IdentityDocument, normalise_document_number
from portcullis.screening import service as screening
from portcullis.travel import carrier_rules, codes
from portcullis.travel.models import EtaApplication, Permission, Status

MAX_PASSENGERS = 1000
CARRIAGE_LISTS = ["eta-refused", "travel-restricted", "deportation-exclusion"]
RECORD_TYPE = "permission_to_travel"


class ManifestError(ValueError):
    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__("; ".join(f"{e['field']}: {e['reason']}" for e in errors))
        self.errors = errors


@dataclass
class PassengerIn:
    document_number: str
    issuing_state: str
    nationality: str
    date_of_birth: date
    given_names: str
    family_name: str
    document_expiry: date | None = None


@dataclass(frozen=True)
class PassengerResult:
    index: int
    document_number: str
    status: str
    code: str
    basis: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "document_number": self.document_number,
            "status": self.status,
            "code": self.code,
            "basis": self.basis,
            "message": self.message,
        }


def validate(passengers: list[PassengerIn]) -> None:
    """Normalise codes and numbers in place; every bad field is named, and nothing is checked or logged."""
    if not passengers:
        raise ManifestError([{"field": "passengers", "reason": "send at least one passenger"}])
    if len(passengers) > MAX_PASSENGERS:
        raise ManifestError(
            [
                {
                    "field": "passengers",
                    "reason": f"at most {MAX_PASSENGERS} passengers per request (got {len(passengers)})",
                }
            ]
        )
    errors: list[dict[str, str]] = []
    for i, p in enumerate(passengers):
        for name in ("nationality", "issuing_state"):
            try:
                setattr(p, name, codes.normalise(getattr(p, name), field=f"passengers[{i}].{name}"))
            except codes.CodeError as exc:
                errors.append({"field": exc.field, "reason": exc.reason})
        p.document_number = normalise_document_number(p.document_number)
        if not 1 <= len(p.document_number) <= 20:
            errors.append(
                {"field": f"passengers[{i}].document_number", "reason": "must be 1 to 20 characters"}
            )
        if not p.family_name.strip():
            errors.append({"field": f"passengers[{i}].family_name", "reason": "is empty"})
    if errors:
        raise ManifestError(errors)


@dataclass
class Found:
    """What one query read for a manifest: valid ETAs and eVisas by (passport number, issuing state), each
    as (record id, person id); the screening index stamp; and, when asked, the token's state."""

    etas: dict[tuple[str, str], tuple[str, str]]
    evisas: dict[tuple[str, str], tuple[str, str]]
    stamp: tuple[int, int]
    token_valid: bool = False
    rate_limit: int | None = None


@lru_cache(maxsize=4)
def lookup_statement(with_token: bool, array: bool = False) -> Any:
    """The statement `lookup` runs, built once (building it took longer than running it): parameters
    `numbers`, `on` and, with the token part, `token_id`. With `array` (PostgreSQL) the numbers are one
    array parameter, `= ANY(:numbers)`: an expanding `IN` writes a placeholder per number, and psycopg
    parses a query that long afresh on every execution (it caches only short ones). The event-loop read
    (`travel.carrier_check`, at most 20 passengers) uses the expanding form, prepared once per length."""
    text = String()
    on = bindparam("on", type_=Date())

    def among(column: Any) -> Any:
        if array:
            return column == any_(bindparam("numbers", type_=postgresql.ARRAY(String())))
        return column.in_(bindparam("numbers", type_=String(), expanding=True))

    eta = select(
        literal_column("'E'", String).label("part"),
        EtaApplication.passport_number.label("a"),
        EtaApplication.passport_issuing_state.label("b"),
        EtaApplication.id.label("c"),
        EtaApplication.person_id.label("d"),
    ).where(
        among(EtaApplication.passport_number),
        EtaApplication.status == Status.GRANTED,
        EtaApplication.valid_from <= on,
        EtaApplication.valid_until >= on,
    )
    evisa = (
        select(
            literal_column("'V'", String),
            IdentityDocument.number,
            IdentityDocument.issuing_state,
            Permission.id,
            Permission.person_id,
        )
        .join(Permission, Permission.person_id == IdentityDocument.person_id)
        .where(
            among(IdentityDocument.number),
            Permission.status == "active",
            Permission.valid_from <= on,
            (Permission.valid_until.is_(None)) | (Permission.valid_until >= on),
        )
    )
    count, revisions = screening.stamp_columns()
    stamp = select(literal_column("'S'", String), cast(count, text), cast(revisions, text), null(), null())
    parts = [eta, evisa, stamp]
    if with_token:
        valid = case((and_(ApiToken.revoked_at.is_(None), User.active.is_(True)), "1"), else_="0")
        parts.append(
            select(
                literal_column("'T'", String),
                cast(ApiToken.rate_limit_per_minute, text),
                valid,
                null(),
                null(),
            )
            .join(User, User.id == ApiToken.user_id)
            .where(ApiToken.id == bindparam("token_id"))
        )
    return union_all(*parts)


def lookup(
    session: Session | Connection, numbers: list[str], on: date, *, token_id: str | None = None
) -> Found:
    """One round trip: the ETAs valid on the travel date for these passport numbers, the eVisa permissions
    valid that day (through the holders' passports), the screening index stamp and, with `token_id`,
    whether that token is still unrevoked with an active user, and its rate limit. One statement is one
    snapshot, so the parts agree with each other."""
    bind = session.get_bind() if isinstance(session, Session) else session
    statement = lookup_statement(token_id is not None, bind.dialect.name == "postgresql")
    return found_from(session.execute(statement, lookup_params(numbers, on, token_id)))


def lookup_params(numbers: list[str], on: date, token_id: str | None) -> dict[str, Any]:
    params: dict[str, Any] = {"numbers": numbers, "on": on}
    if token_id is not None:
        params["token_id"] = token_id
    return params


def found_from(rows: Iterable[Sequence[Any]]) -> Found:
    """What `lookup_statement`'s rows say: each row is (part, a, b, c, d), see the statement."""
    found = Found({}, {}, (0, 0))
    for part, a, b, c, d in rows:
        if part == "E":
            found.etas[(a, b)] = (c, d)
        elif part == "V":
            found.evisas[(a, b)] = (c, d)
        elif part == "S":
            found.stamp = (int(a), int(b))
        else:
            found.rate_limit, found.token_valid = int(a), b == "1"
    return found


def _refused_carriage(
    session: Session, passengers: list[PassengerIn], on: date, stamp: tuple[int, int] | None = None
) -> list[bool]:
    """Whether each passenger is on an authority-to-carry list: one batch screening call for the manifest."""
    subjects = [
        screening.SubjectIn(
            kind="person",
            names=[f"{p.given_names} {p.family_name}".strip()],
            date_of_birth=p.date_of_birth.isoformat(),
            nationalities=[p.nationality],
            identifiers=[p.document_number],
        )
        for p in passengers
    ]
    hits = screening.screen_many(session, subjects, use="carrier", on=on, lists=CARRIAGE_LISTS, stamp=stamp)
    return [bool(h) for h in hits]


def check_manifest(
    uow: UnitOfWork,
    *,
    carrier: Principal,
    flight: str,
    travel_date: date,
    route: str,
    passengers: list[PassengerIn],
) -> list[PassengerResult]:
    """Answer each passenger and write the disclosures in the same transaction."""
    results, pending = answer_manifest(
        uow, carrier=carrier, flight=flight, travel_date=travel_date, route=route, passengers=passengers
    )
    audit.record_many(uow, actor=carrier, entries=pending)
    return results


def answer_manifest(
    uow: UnitOfWork,
    *,
    carrier: Principal,
    flight: str,
    travel_date: date,
    route: str,
    passengers: list[PassengerIn],
) -> tuple[list[PassengerResult], list[audit.Pending]]:
    """The answers and the audit entries that must be committed before the carrier sees them. Read-only, so
    the caller can release its connection before handing the entries to the group-commit writer."""
    validate(passengers)
    found = lookup(uow.session, sorted({p.document_number for p in passengers}), travel_date)
    return answers(
        uow.session,
        found,
        carrier=carrier,
        flight=flight,
        travel_date=travel_date,
        route=route,
        passengers=passengers,
    )


def answers(
    session: Session,
    found: Found,
    *,
    carrier: Principal,
    flight: str,
    travel_date: date,
    route: str,
    passengers: list[PassengerIn],
) -> tuple[list[PassengerResult], list[audit.Pending]]:
    """Each (validated) passenger's answer from what `lookup` found, and its audit entry."""
    refused = _refused_carriage(session, passengers, travel_date, found.stamp)
    snapshot = policy.at(travel_date)
    results: list[PassengerResult] = []
    pending: list[audit.Pending] = []
    recipient = carrier.organisation or carrier.name
    justification = f"Permission to travel check for flight {flight}"
    on = travel_date.isoformat()
    # The answer is a pure function of these facts (the date and the policy snapshot are the manifest's):
    # worked out once per distinct set of facts, of which a manifest has a few dozen.
    decided: dict[tuple[str, bool, bool, bool, bool], carrier_rules.CarrierAnswer] = {}
    for i, p in enumerate(passengers):
        key = (p.document_number, p.issuing_state)
        eta, evisa = found.etas.get(key), found.evisas.get(key)
        expired = p.document_expiry is not None and p.document_expiry < travel_date
        facts = (p.nationality, eta is not None, evisa is not None, refused[i], expired)
        answer = decided.get(facts)
        if answer is None:
            answer = decided[facts] = carrier_rules.carrier_answer(
                nationality=p.nationality,
                on=travel_date,
                snapshot=snapshot,
                has_eta=eta is not None,
                has_evisa=evisa is not None,
                refused_carriage=refused[i],
                document_expired=expired,
            )
        results.append(
            PassengerResult(
                i,
                p.document_number,
                answer.status,
                answer.code,
                answer.basis,
                carrier_rules.CARRIER_CODES[answer.code],
            )
        )
        record = eta or evisa
        # s.62: one entry per passenger, naming the carrier as recipient; no reason beyond the answer code.
        pending.append(
            audit.Pending(
                operation=audit.Operation.DISCLOSURE,
                record_type=RECORD_TYPE,
                record_id=record[0] if record else None,
                subject_id=record[1] if record else None,
                recipient=recipient,
                justification=justification,
                details={
                    "flight": flight,
                    "route": route,
                    "travel_date": on,
                    "code": answer.code,
                    "passenger": i,
                },
            )
        )
    return results, pending
