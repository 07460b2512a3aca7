"""Re-screening organisations (sponsors, companies) against the organisation entries on the lists.

Organisations are few next to people, so they go through the online matcher rather than Splink: an index
of the organisation entries, each organisation's name and company number matched against it, and an
alert for every candidate at or above the employer-check threshold. Their directors are people and are
re-screened with everyone else."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from portcullis.core import policy
from portcullis.core.db import unit_of_work
from portcullis.core.parties import Organisation
from portcullis.screening import review, rules
from portcullis.screening.index import IndexedEntry, MatchIndex, entry_profile
from portcullis.screening.matching import make_profile
from portcullis.screening.models import Entry, Watchlist
from portcullis.screening.service import fingerprint


def rescreen_organisations(*, on: date, since: datetime | None, run_id: str) -> int:
    """Alerts raised for organisations; entries limited to those changed since `since` when given."""
    limit = rules.threshold("employer", on=on, snapshot=policy.at(on))
    with unit_of_work() as uow:
        session = uow.session
        query = (
            select(Entry, Watchlist.name)
            .join(Watchlist, Watchlist.id == Entry.list_id)
            .where(Entry.kind == "organisation", Entry.removed_in_version.is_(None))
        )
        if since is not None:
            query = query.where(Entry.updated_at >= since)
        index = MatchIndex()
        entries: dict[str, Entry] = {}
        for entry, list_name in session.execute(query).all():
            if entry.is_valid_on(on):
                entries[entry.id] = entry
                index.add(
                    IndexedEntry(
                        entry.id, list_name, entry.reason_code, entry.name, None, None, entry_profile(entry)
                    )
                )
        if not entries:
            return 0
        raised = 0
        for organisation in session.scalars(select(Organisation)):
            identifiers = [organisation.company_number] if organisation.company_number else []
            profile = make_profile("organisation", [organisation.name], None, (), identifiers)
            if not profile.names:
                continue
            print_ = fingerprint(
                kind="organisation",
                names=[organisation.name],
                date_of_birth=None,
                nationalities=[],
                identifiers=identifiers,
            )
            for candidate in index.search(profile, on=on, limit=5):
                if not rules.is_hit(candidate.score, limit):
                    continue
                alert = review.raise_alert(
                    uow,
                    entry=entries[candidate.entry_id],
                    record_type="organisation",
                    record_id=organisation.id,
                    party_id=organisation.id,
                    use="employer",
                    score=candidate.score,
                    explanation=candidate.explanation,
                    record_fingerprint=print_,
                    origin="rescreen",
                    run_id=run_id,
                )
                raised += alert is not None
        return raised
