"""Prevent fixtures: principals for each Prevent role and a complete referral form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from portcullis.core import access
from portcullis.core.access import Principal
from portcullis.core.db import unit_of_work
from portcullis.prevent.service import ReferralForm


@pytest.fixture()
def principal(make_user: Any) -> Callable[..., Principal]:
    """principal("prevent_police") -> a Principal for a new user with that role and a browser session."""

    def _make(*role_names: str, organisation: str | None = None) -> Principal:
        user = make_user(list(role_names), organisation)
        with unit_of_work() as uow:
            user = uow.session.merge(user)
            _, web_session = access.start_session(uow, user)
            uow.flush()
            return access.principal_for_user(
                user, session_id=web_session.id, csrf_token=web_session.csrf_token
            )

    return _make


def make_form(**overrides: str) -> ReferralForm:
    values = dict(
        given_names="Jordan",
        family_name="Example",
        date_of_birth="2009-03-14",
        gender="male",
        region="north_west",
        local_authority="Manchester",
        referrer_name="Sam Teacher",
        referrer_role="Designated safeguarding lead",
        referrer_organisation="Example Academy",
        referrer_contact="sam.teacher@example.sch.uk",
        sector="education",
        concern_type="violence_fixation_no_ideology",
        reasons="Shared videos of school shootings with classmates and talked about copying them.",
    )
    values.update(overrides)
    return ReferralForm(**values)


@pytest.fixture()
def form() -> Callable[..., ReferralForm]:
    """form(**overrides) -> a complete referral form, changed where told."""
    return make_form


RATIONALE = {
    "ideology": "unclear",
    "vulnerability": "present",
    "risk": "low",
    "explanation": "Fixated on school shootings; vulnerable; no ideology found.",
}


@pytest.fixture()
def referral(principal: Callable[..., Principal], form: Callable[..., ReferralForm]) -> Callable[..., str]:
    """referral(**form_overrides) -> the id of a new referral submitted by a referrer."""
    from sqlalchemy import select

    from portcullis.prevent import service
    from portcullis.prevent.models import Referral

    referrer = principal("prevent_referrer")

    def _make(**overrides: str) -> str:
        with unit_of_work() as uow:
            ack = service.submit_referral(uow, actor=referrer, form=form(**overrides))
            return str(uow.session.scalar(select(Referral.id).where(Referral.reference == ack.reference)))

    return _make
