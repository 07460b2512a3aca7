"""Payments with the local provider: the idempotent port and the card page with its test cards."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from portcullis.core import payments
from portcullis.core.db import unit_of_work
from portcullis.core.payments import CardForm, Payment, PaymentStatus


def _create(**overrides: Any) -> payments.PaymentView:
    args: dict[str, Any] = {
        "amount_pence": 1600,
        "reference": "ETA-000123",
        "description": "Electronic travel authorisation fee",
        "return_url": "/eta/paid",
    } | overrides
    with unit_of_work() as uow:
        return payments.create_payment(uow, **args)


def _count() -> int:
    with unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(Payment)) or 0


def _status(payment_id: str) -> payments.PaymentView:
    with unit_of_work() as uow:
        return payments.get_payment(uow, payment_id)


def test_a_local_payment_starts_created_with_the_card_page_as_next_url(database) -> None:
    view = _create()
    assert view.status is PaymentStatus.CREATED and view.provider == "local"
    assert view.next_url == f"/payments/local/{view.id}"
    assert view.amount_pence == 1600 and view.amount_text == "£16.00"
    assert view.card_last4 is None and view.failure_reason is None


def test_the_same_idempotency_key_gives_the_same_payment_and_never_a_second_one(database) -> None:
    first = _create(idempotency_key="eta-fee-app-1")
    second = _create(idempotency_key="eta-fee-app-1")
    assert first.id == second.id
    assert _count() == 1
    assert _create(idempotency_key="eta-fee-app-2").id != first.id


def test_an_idempotency_key_reused_for_a_different_payment_is_refused(database) -> None:
    _create(idempotency_key="key-1")
    with pytest.raises(payments.PaymentError, match=r"^idempotency_key: was already used"):
        _create(idempotency_key="key-1", amount_pence=1000)
    assert _count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"amount_pence": 0}, "amount_pence"),
        ({"amount_pence": 10_000_001}, "amount_pence"),
        ({"amount_pence": 16.0}, "amount_pence"),
        ({"amount_pence": True}, "amount_pence"),
        ({"reference": " "}, "reference"),
        ({"description": "x" * 256}, "description"),
        ({"return_url": "//evil.example/steal"}, "return_url"),
        ({"return_url": "javascript:alert(1)"}, "return_url"),
    ],
)
def test_bad_payment_input_names_the_field_and_saves_nothing(
    database, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(payments.PaymentError, match=rf"^{field}:"):
        _create(**overrides)
    assert _count() == 0


def test_a_rolled_back_unit_of_work_leaves_no_payment(database) -> None:
    with pytest.raises(RuntimeError), unit_of_work() as uow:
        payments.create_payment(uow, amount_pence=100, reference="R", description="D", return_url="/done")
        raise RuntimeError("boom")
    assert _count() == 0


def test_an_unknown_payment_id_is_reported_as_not_found(database) -> None:
    with pytest.raises(payments.PaymentNotFound, match=r"^payment_id:"):
        _status("nope")


@pytest.mark.parametrize(
    ("number", "luhn"),
    [
        ("4444333322221111", True),
        ("4000000000000002", True),
        ("4000000000000069", True),
        ("4000000000000119", True),
        ("5101180000000007", True),
        ("4444333322221112", False),
        ("12", False),
    ],
)
def test_the_luhn_check(number: str, luhn: bool) -> None:
    assert payments.luhn_ok(number) is luhn


TODAY = datetime(2025, 6, 2, tzinfo=UTC).date()


def _form(**overrides: str) -> CardForm:
    values = {
        "card_number": "4444 3333 2222 1111",
        "expiry_month": "10",
        "expiry_year": "29",
        "cardholder_name": "A Tester",
        "security_code": "123",
    } | overrides
    return CardForm(**values)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"card_number": ""}, "card-number", "Enter your card number"),
        ({"card_number": "4444333322221112"}, "card-number", "Enter a valid card number"),
        ({"card_number": "4111 11"}, "card-number", "between 12 and 19 digits"),
        ({"card_number": "4242424242424242"}, "card-number", "test card numbers"),
        ({"expiry_month": "13"}, "expiry-month", "real date"),
        ({"expiry_month": "5", "expiry_year": "2025"}, "expiry-month", "this month or in the future"),
        ({"expiry_year": ""}, "expiry-month", "Enter the expiry date"),
        ({"cardholder_name": " "}, "cardholder-name", "Enter the name"),
        ({"security_code": "12"}, "security-code", "3 or 4 digits"),
    ],
)
def test_card_details_are_validated_field_by_field(
    overrides: dict[str, str], field: str, message: str
) -> None:
    errors = payments.card_errors(_form(**overrides), TODAY)
    assert list(errors) == [field] and message in errors[field]


def test_a_card_expiring_this_month_is_accepted() -> None:
    assert payments.card_errors(_form(expiry_month="06", expiry_year="2025"), TODAY) == {}


def _csrf(client) -> str:  # type: ignore[no-untyped-def]
    return str(client.cookies.get("portcullis_csrf"))


def _pay(client, view: payments.PaymentView, **fields: str):  # type: ignore[no-untyped-def]
    page = client.get(view.next_url)
    assert page.status_code == 200
    form = {
        "card-number": "4444333322221111",
        "expiry-month": "10",
        "expiry-year": "29",
        "cardholder-name": "A Tester",
        "security-code": "123",
        "csrf_token": _csrf(client),
    } | fields
    return client.post(view.next_url, data=form, follow_redirects=False)


def test_the_card_page_lists_the_test_cards_and_is_public(client) -> None:
    view = _create()
    page = client.get(view.next_url)
    assert page.status_code == 200
    assert "Enter card details" in page.text and "£16.00" in page.text
    for number in payments.TEST_CARDS:
        assert number in page.text
    assert 'name="csrf_token"' in page.text


def test_a_successful_test_card_pays_and_returns_to_the_service(client) -> None:
    view = _create()
    answer = _pay(client, view)
    assert answer.status_code == 303 and answer.headers["location"] == "/eta/paid"
    paid = _status(view.id)
    assert paid.status is PaymentStatus.SUCCESS and paid.card_last4 == "1111" and paid.next_url is None


@pytest.mark.parametrize(
    ("number", "status", "reason"),
    [
        ("4000000000000002", PaymentStatus.FAILED, "Your card was declined"),
        ("4000000000000069", PaymentStatus.FAILED, "Your card has expired"),
        ("4000000000000119", PaymentStatus.ERROR, "There was a problem processing the payment"),
    ],
)
def test_a_declined_expired_or_erroring_test_card_fails_the_payment(
    client, number: str, status: PaymentStatus, reason: str
) -> None:
    view = _create()
    answer = _pay(client, view, **{"card-number": number})
    assert answer.status_code == 303 and answer.headers["location"] == "/eta/paid"
    failed = _status(view.id)
    assert failed.status is status and failed.failure_reason == reason and failed.card_last4 == number[-4:]


def test_invalid_card_details_show_the_error_summary_and_change_nothing(client) -> None:
    view = _create()
    answer = _pay(client, view, **{"card-number": "4444333322221112", "security-code": "9"})
    assert answer.status_code == 422
    assert "There is a problem" in answer.text
    assert 'href="#card-number"' in answer.text and 'href="#security-code"' in answer.text
    assert "Error: Enter card details" in answer.text
    assert _status(view.id).status is PaymentStatus.CREATED


def test_a_paid_payment_cannot_be_paid_again(client) -> None:
    view = _create()
    _pay(client, view)
    again = client.post(
        view.next_url,
        data={
            "card-number": "4000000000000002",
            "expiry-month": "10",
            "expiry-year": "29",
            "cardholder-name": "A",
            "security-code": "123",
            "csrf_token": _csrf(client),
        },
        follow_redirects=False,
    )
    assert again.status_code == 303
    assert _status(view.id).status is PaymentStatus.SUCCESS
    page = client.get(f"/payments/local/{view.id}")
    assert "This payment has finished" in page.text


def test_the_paying_user_can_cancel(client) -> None:
    view = _create()
    client.get(view.next_url)
    answer = client.post(
        f"{view.next_url}/cancel", data={"csrf_token": _csrf(client)}, follow_redirects=False
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/eta/paid"
    assert _status(view.id).status is PaymentStatus.CANCELLED


def test_a_card_form_without_the_csrf_token_is_refused(client) -> None:
    view = _create()
    client.get(view.next_url)
    answer = client.post(view.next_url, data={"card-number": "4444333322221111"}, follow_redirects=False)
    assert answer.status_code == 403
    assert _status(view.id).status is PaymentStatus.CREATED


def test_an_unknown_payment_page_is_not_found(client) -> None:
    assert client.get("/payments/local/nope").status_code == 404
