"""Shared builders for travel tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from portcullis.core import payments
from portcullis.core.db import UnitOfWork
from portcullis.travel import rules, service


def applicant(**overrides: Any) -> service.ApplicantIn:
    values: dict[str, Any] = {
        "given_names": "Jane",
        "family_name": "Doe",
        "date_of_birth": date(1990, 5, 17),
        "sex": "F",
        "nationality": "USA",
        "passport_number": "567890123",
        "passport_issuing_state": "USA",
        "passport_expiry": date(2030, 1, 1),
        "email": "jane@example.com",
        "answers": rules.Answers(),
    }
    values.update(overrides)
    return service.ApplicantIn(**values)


def pay(uow: UnitOfWork, payment_id: str) -> None:
    """Pay with the local provider's accepted test card."""
    form = payments.CardForm(**card_form())
    view, errors = payments.pay_locally(uow, payment_id, form)
    assert not errors, errors
    assert view.status == payments.PaymentStatus.SUCCESS


def card_form() -> dict[str, str]:
    return {
        "card_number": "4444333322221111",
        "expiry_month": "12",
        "expiry_year": "2030",
        "cardholder_name": "Jane Doe",
        "security_code": "123",
    }
