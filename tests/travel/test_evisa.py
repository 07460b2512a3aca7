"""eVisa permissions, share codes (90 days) and the check employers call."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portcullis.core import access, audit
from portcullis.core.clock import FrozenClock
from portcullis.core.db import unit_of_work
from portcullis.core.parties import Person
from portcullis.travel import evisa_service, service

pytestmark = pytest.mark.usefixtures("database")
DOB = date(1988, 3, 4)


def holder(conditions: list[str] | None = None, until: date | None = date(2028, 1, 1)) -> tuple[str, str]:
    with unit_of_work() as uow:
        person = Person(
            given_names="Ama", family_name="Mensah", date_of_birth=DOB.isoformat(), nationalities="GHA"
        )
        uow.session.add(person)
        uow.flush()
        permission = evisa_service.grant_permission(
            uow,
            person_id=person.id,
            permission_type="Skilled Worker",
            conditions=conditions or ["Work only for the sponsor"],
            valid_from=date(2024, 1, 1),
            valid_until=until,
            actor=access.SYSTEM,
        )
        code = evisa_service.create_share_code(
            uow, permission_id=permission.id, purpose="work", actor=access.SYSTEM
        )
        return permission.id, code


def check(code: str, dob: date = DOB, purpose: str = "work") -> service.ShareCodeCheck:
    with unit_of_work() as uow:
        return service.check_share_code(
            uow,
            code=code,
            date_of_birth=dob,
            purpose=purpose,  # type: ignore[arg-type]
            checker=access.SYSTEM,
            recipient="Acme Ltd",
        )


def test_a_share_code_proves_the_right_to_work_and_is_audited_as_a_disclosure() -> None:
    _, code = holder()
    result = check(code.lower().replace(" ", "-"))
    assert result.valid and result.full_name == "Ama Mensah" and result.permission_type == "Skilled Worker"
    assert result.permission_valid_until == date(2028, 1, 1)
    with unit_of_work() as uow:
        entry = audit.search(uow.session, operation="disclosure")[0]
        assert entry.recipient == "Acme Ltd" and entry.subject_id == result.person_id


def test_a_share_code_works_on_day_89_and_has_expired_on_day_90(frozen_clock: FrozenClock) -> None:
    _, code = holder()
    frozen_clock.advance(timedelta(days=89, hours=23))
    assert check(code).valid
    frozen_clock.advance(timedelta(hours=1))
    with pytest.raises(evisa_service.ShareCodeError) as exc:
        check(code)
    assert exc.value.field == "code" and "expired" in exc.value.reason


def test_a_wrong_date_of_birth_or_purpose_or_malformed_code_is_named() -> None:
    _, code = holder()
    for args, field in (
        ((code, date(1988, 3, 5)), "date_of_birth"),
        ((code, DOB, "rent"), "purpose"),
        (("ABC", DOB), "code"),
        (("ABCDEFGHJ", DOB), "code"),
    ):
        with pytest.raises(evisa_service.ShareCodeError) as exc:
            check(*args)  # type: ignore[arg-type]
        assert exc.value.field == field


def test_a_curtailed_permission_is_shown_as_not_valid_with_the_reason() -> None:
    permission_id, code = holder()
    with unit_of_work() as uow:
        evisa_service.curtail_permission(
            uow,
            permission_id=permission_id,
            on=date(2025, 6, 1),
            reason="Sponsor licence revoked",
            actor=access.SYSTEM,
        )
    result = check(code)
    assert not result.valid and result.reason and "curtailed" in result.reason


def test_a_revoked_sponsor_licence_curtails_its_workers_permissions() -> None:
    from portcullis.core.db import unit_of_work as uow_factory
    from portcullis.employers.events import SponsorLicenceRevoked

    permission_id, code = holder()
    with uow_factory() as uow:
        person_id = uow.session.get(evisa_service.Permission, permission_id).person_id  # type: ignore[union-attr]
        uow.publish(
            SponsorLicenceRevoked(
                licence_id="L1", organisation_id="O1", worker_person_ids=(person_id,), on=date(2025, 6, 2)
            )
        )
    assert not check(code).valid
