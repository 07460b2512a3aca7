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
            return access.principal_for_user(user, session_id=web_session.id, csrf_token=web_session.csrf_token)

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
