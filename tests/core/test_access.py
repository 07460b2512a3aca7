"""Access: argon2 passwords, lockout, API tokens (hashed, revocable) and organisation scoping."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from portcullis.core import access, clock
from portcullis.core.access_models import ApiToken, User
from portcullis.core.db import unit_of_work

PASSWORD = "correct horse battery staple"


def _user(roles: list[str], organisation: str | None = None, email: str = "pat@example.gov.uk") -> str:
    with unit_of_work() as uow:
        return access.create_user(
            uow, email=email, name="Pat", password=PASSWORD, role_names=roles, organisation=organisation
        ).id


def test_passwords_are_stored_as_argon2_hashes(database: Engine) -> None:
    _user(["caseworker"])
    with unit_of_work() as uow:
        stored = uow.session.scalar(select(User.password_hash))
    assert stored is not None and stored.startswith("$argon2") and PASSWORD not in stored


def test_the_right_password_signs_in_and_a_wrong_one_gets_the_same_message_as_an_unknown_email(
    database: Engine,
) -> None:
    _user(["caseworker"])
    assert access.authenticate(email="PAT@example.gov.uk", password=PASSWORD).name == "Pat"
    messages = []
    for email, password in [("pat@example.gov.uk", "wrong password!!"), ("nobody@example.gov.uk", PASSWORD)]:
        with pytest.raises(access.AccessError) as exc:
            access.authenticate(email=email, password=password)
        messages.append(str(exc.value))
    assert messages[0] == messages[1] == "Enter a correct email address and password"


def test_five_wrong_passwords_lock_the_account_for_15_minutes(database: Engine, frozen_clock) -> None:  # type: ignore[no-untyped-def]
    _user(["caseworker"])
    for _ in range(5):
        with pytest.raises(access.AccessError, match="correct email"):
            access.authenticate(email="pat@example.gov.uk", password="not the password")
    with pytest.raises(access.AccessError, match="locked"):
        access.authenticate(email="pat@example.gov.uk", password=PASSWORD)
    frozen_clock.advance(timedelta(minutes=16))
    assert access.authenticate(email="pat@example.gov.uk", password=PASSWORD).email == "pat@example.gov.uk"


def test_a_short_password_and_an_unknown_role_are_refused_naming_the_field(database: Engine) -> None:
    with pytest.raises(access.AccessError, match="12 characters"), unit_of_work() as uow:
        access.create_user(uow, email="a@b.gov.uk", name="A", password="short", role_names=["admin"])
    with pytest.raises(access.AccessError, match="roles: unknown role 'wizard'"), unit_of_work() as uow:
        access.create_user(uow, email="a@b.gov.uk", name="A", password=PASSWORD, role_names=["wizard"])
    with unit_of_work() as uow:
        assert uow.session.scalar(select(User)) is None


def test_api_tokens_are_stored_hashed_and_identify_their_client(database: Engine) -> None:
    _user(["carrier"])
    with unit_of_work() as uow:
        user = uow.session.scalar(select(User))
        assert user is not None
        secret, _ = access.issue_api_token(uow, user=user, name="Demo Airways iAPI")
    with unit_of_work() as uow:
        assert secret not in uow.session.scalar(select(ApiToken.token_hash))  # type: ignore[operator]
        principal = access.principal_from_token(uow.session, secret)
    assert principal.kind == "user" and principal.can("travel.carrier.check")


def test_a_revoked_token_is_refused_with_a_clear_message(database: Engine) -> None:
    _user(["carrier"])
    with unit_of_work() as uow:
        user = uow.session.scalar(select(User))
        assert user is not None
        secret, record = access.issue_api_token(uow, user=user, name="Demo Airways")
        access.revoke_api_token(uow, record.id)
    with pytest.raises(access.AccessError, match="revoked"), unit_of_work() as uow:
        access.principal_from_token(uow.session, secret)
    with pytest.raises(access.AccessError, match="not recognised"), unit_of_work() as uow:
        access.principal_from_token(uow.session, "pcs_made_up")


def test_an_expired_browser_session_signs_nobody_in(database: Engine, frozen_clock) -> None:  # type: ignore[no-untyped-def]
    _user(["caseworker"])
    with unit_of_work() as uow:
        user = uow.session.scalar(select(User))
        assert user is not None
        token, _ = access.start_session(uow, user)
    with unit_of_work() as uow:
        assert access.principal_from_cookie(uow.session, token) is not None
    frozen_clock.advance(timedelta(hours=9))
    with unit_of_work() as uow:
        assert access.principal_from_cookie(uow.session, token) is None


def test_a_scoped_officer_sees_only_their_own_forces_records(database: Engine) -> None:
    _user(["police_officer"], organisation="greater-manchester")
    with unit_of_work() as uow:
        user = uow.session.scalar(select(User))
        assert user is not None
        officer = access.principal_for_user(user)
    assert officer.sees_organisation("orders.read", "greater-manchester")
    assert not officer.sees_organisation("orders.read", "cleveland")
    assert not officer.sees_organisation("travel.case.read", "greater-manchester")


def test_a_national_role_is_not_limited_to_one_organisation() -> None:
    analyst = access.Principal(
        kind="user", roles=frozenset({"analyst"}), permissions=frozenset({"policing.read"}), organisation=None
    )
    assert analyst.sees_organisation("policing.read", "cleveland")
    assert clock.now().tzinfo is not None
