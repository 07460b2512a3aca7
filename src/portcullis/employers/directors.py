"""Director disqualification: referral to the Insolvency Service (Company Directors Disqualification Act
1986) and the court's outcome, which puts the director on the disqualified-directors screening list."""

from __future__ import annotations

from datetime import date, timedelta

from portcullis.core import audit, policy
from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork
from portcullis.core.parties import Organisation, Person
from portcullis.employers import rules
from portcullis.employers.common import load, log_audit
from portcullis.employers.events import DirectorDisqualified
from portcullis.employers.models import Disqualification
from portcullis.employers.values import EmployersError
from portcullis.screening import service as screening


def refer_director(
    uow: UnitOfWork, *, person_id: str, organisation_id: str, referred_on: date, reason: str, actor: Principal
) -> Disqualification:
    load(uow.session, Person, person_id, "person_id")
    load(uow.session, Organisation, organisation_id, "organisation_id")
    if not reason.strip():
        raise EmployersError("reason", "say why the director is referred")
    referral = Disqualification(
        person_id=person_id, organisation_id=organisation_id, referred_on=referred_on, reason=reason.strip()
    )
    uow.session.add(referral)
    uow.flush()
    log_audit(
        uow,
        actor,
        audit.Operation.DISCLOSURE,
        "employer_disqualification",
        referral.id,
        "Director referred to the Insolvency Service",
        recipient="The Insolvency Service",
        subject_id=person_id,
    )
    return referral


def record_disqualification(
    uow: UnitOfWork, *, referral_id: str, years: int, starts_on: date, actor: Principal
) -> Disqualification:
    """The court's order: the director joins the disqualified-directors list for its length."""
    session = uow.session
    referral = load(session, Disqualification, referral_id, "referral_id")
    if referral.outcome is not None:
        raise EmployersError("referral_id", f"the outcome is already recorded: {referral.outcome}")
    rules.disqualification(years=years, policy=policy.at(starts_on))
    person = load(session, Person, referral.person_id, "person_id")
    ends_on = rules.add_years(starts_on, years)
    referral.outcome, referral.years, referral.starts_on, referral.ends_on = (
        "disqualified",
        years,
        starts_on,
        ends_on,
    )
    subject = screening.SubjectIn(
        kind="person",
        names=[person.full_name],
        date_of_birth=person.date_of_birth,
        nationalities=person.nationality_list,
        party_id=person.id,
    )
    screening.upsert_internal_entry(
        uow,
        list_name="disqualified-directors",
        source_ref=f"disqualification:{referral.id}",
        subject=subject,
        reason_code=f"cdda-1986-s6:{years}-years",
        source="employers",
        valid_from=starts_on,
        valid_to=ends_on - timedelta(days=1),
    )
    log_audit(
        uow,
        actor,
        audit.Operation.ALTERATION,
        "employer_disqualification",
        referral.id,
        "Director disqualification recorded",
        subject_id=person.id,
        years=years,
    )
    uow.publish(
        DirectorDisqualified(
            person_id=person.id,
            organisation_id=referral.organisation_id,
            starts_on=starts_on,
            ends_on=ends_on,
        )
    )
    return referral


def record_no_disqualification(uow: UnitOfWork, *, referral_id: str, actor: Principal) -> Disqualification:
    referral = load(uow.session, Disqualification, referral_id, "referral_id")
    if referral.outcome is not None:
        raise EmployersError("referral_id", f"the outcome is already recorded: {referral.outcome}")
    referral.outcome = "no-action"
    log_audit(
        uow,
        actor,
        audit.Operation.ALTERATION,
        "employer_disqualification",
        referral.id,
        "No disqualification",
        subject_id=referral.person_id,
    )
    return referral
