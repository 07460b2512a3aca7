"""The GOV.UK Pay adapter against a local fake of Pay's documented API (platform_fake_pay.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from platform_fake_pay import API_KEY, FakePay, Server
from sqlalchemy import func, select

from portcullis.core import payments, payments_govuk
from portcullis.core.db import unit_of_work
from portcullis.core.payments import Payment, PaymentStatus
from portcullis.core.settings import ConfigurationError, get_settings


@pytest.fixture(scope="module")
def fake_pay() -> Iterator[FakePay]:
    fake = FakePay()
    with Server(fake):
        yield fake


@pytest.fixture()
def pay(fake_pay: FakePay, database, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakePay]:
    monkeypatch.setenv("PORTCULLIS_PAYMENTS_BACKEND", "govuk-pay")
    monkeypatch.setenv("PORTCULLIS_GOVUK_PAY_URL", fake_pay.base_url)
    monkeypatch.setenv("PORTCULLIS_GOVUK_PAY_API_KEY", API_KEY)
    monkeypatch.setenv("PORTCULLIS_BASE_URL", "https://portcullis.example.gov.uk")
    get_settings.cache_clear()
    fake_pay.requests.clear()
    fake_pay.fail_next = None
    yield fake_pay
    monkeypatch.undo()
    get_settings.cache_clear()


def _create(**overrides: Any) -> payments.PaymentView:
    args: dict[str, Any] = {
        "amount_pence": 1600,
        "reference": "ETA-000123",
        "description": "ETA fee",
        "return_url": "/eta/paid",
    } | overrides
    with unit_of_work() as uow:
        return payments.create_payment(uow, **args)


def _get(payment_id: str) -> payments.PaymentView:
    with unit_of_work() as uow:
        return payments.get_payment(uow, payment_id)


def _posts(fake: FakePay) -> list[dict[str, str]]:
    return [headers for method, path, headers in fake.requests if method == "POST" and path == "/v1/payments"]


def test_creating_a_payment_posts_to_pay_with_the_key_and_an_absolute_return_url(pay: FakePay) -> None:
    view = _create(idempotency_key="eta-fee-1")
    assert view.provider == "govuk-pay" and view.status is PaymentStatus.CREATED
    [headers] = _posts(pay)
    assert headers["authorization"] == f"Bearer {API_KEY}"
    assert headers["idempotency-key"] == "eta-fee-1"
    [stored] = pay.payments.values()
    assert stored["return_url"] == "https://portcullis.example.gov.uk/eta/paid"
    assert view.next_url == f"https://card.example/secure/{stored['payment_id']}"


def test_the_same_key_gives_the_same_payment_without_asking_pay_again(pay: FakePay) -> None:
    first = _create(idempotency_key="eta-fee-2")
    second = _create(idempotency_key="eta-fee-2")
    assert first.id == second.id and len(_posts(pay)) == 1
    with unit_of_work() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Payment)) == 1


def test_without_a_key_our_payment_id_is_sent_so_a_retried_request_cannot_charge_twice(pay: FakePay) -> None:
    view = _create()
    assert _posts(pay)[0]["idempotency-key"] == view.id


def test_a_successful_payment_is_read_back_from_pay_with_the_card_digits(pay: FakePay) -> None:
    view = _create()
    with unit_of_work() as uow:
        provider_id = uow.session.get(Payment, view.id).provider_id  # type: ignore[union-attr]
    pay.set_state(provider_id, "started")
    assert _get(view.id).status is PaymentStatus.CREATED
    pay.set_state(provider_id, "submitted")
    assert _get(view.id).status is PaymentStatus.SUBMITTED
    pay.set_state(provider_id, "success", last4="1111")
    done = _get(view.id)
    assert done.status is PaymentStatus.SUCCESS and done.card_last4 == "1111" and done.next_url is None
    calls = len(pay.requests)
    assert _get(view.id).status is PaymentStatus.SUCCESS
    assert len(pay.requests) == calls  # a finished payment is not asked about again


@pytest.mark.parametrize(
    ("status", "code", "message", "ours"),
    [
        ("failed", "P0010", "Payment method rejected", PaymentStatus.FAILED),
        ("failed", "P0020", "Payment expired", PaymentStatus.FAILED),
        ("cancelled", "P0040", "Payment was cancelled by the service", PaymentStatus.CANCELLED),
        ("error", "P0050", "Payment provider returned an error", PaymentStatus.ERROR),
    ],
)
def test_a_declined_or_failed_pay_payment_keeps_pays_reason(
    pay: FakePay, status: str, code: str, message: str, ours: PaymentStatus
) -> None:
    view = _create()
    with unit_of_work() as uow:
        provider_id = uow.session.get(Payment, view.id).provider_id  # type: ignore[union-attr]
    pay.set_state(provider_id, status, code=code, message=message)
    failed = _get(view.id)
    assert failed.status is ours and failed.failure_reason == message


def test_a_wrong_api_key_is_explained(pay: FakePay, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORTCULLIS_GOVUK_PAY_API_KEY", "api_test_wrong")
    get_settings.cache_clear()
    with pytest.raises(payments.PaymentError, match=r"401 P0199.*API key is not valid"):
        _create()
    with unit_of_work() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Payment)) == 0


def test_pays_validation_error_names_the_field(pay: FakePay) -> None:
    pay.fail_next = (
        422,
        {"field": "amount", "code": "P0102", "description": "Invalid attribute value: amount"},
    )
    with pytest.raises(payments.PaymentError, match=r"^amount: GOV.UK Pay refused the request") as caught:
        _create()
    assert caught.value.field == "amount"


def test_a_pay_server_error_says_to_try_again_later(pay: FakePay) -> None:
    pay.fail_next = (500, {"code": "P0999", "description": "GOV.UK Pay is unavailable"})
    with pytest.raises(
        payments.PaymentError, match=r"GOV.UK Pay is not working \(500 P0999\).*try again later"
    ):
        _create()


def test_a_payment_pay_does_not_know_is_not_found(pay: FakePay) -> None:
    client = payments_govuk.GovukPayClient(pay.base_url, API_KEY)
    with client, pytest.raises(payments.PaymentError, match=r"^payment_id: .*no such payment"):
        client.get("does-not-exist")


def test_an_unreachable_pay_is_reported_with_its_address(database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORTCULLIS_PAYMENTS_BACKEND", "govuk-pay")
    monkeypatch.setenv("PORTCULLIS_GOVUK_PAY_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("PORTCULLIS_GOVUK_PAY_API_KEY", API_KEY)
    get_settings.cache_clear()
    try:
        with pytest.raises(payments.PaymentError, match=r"Cannot reach GOV.UK Pay at http://127.0.0.1:9"):
            _create()
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


def test_a_missing_api_key_is_a_configuration_error(database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORTCULLIS_PAYMENTS_BACKEND", "govuk-pay")
    monkeypatch.delenv("PORTCULLIS_GOVUK_PAY_API_KEY", raising=False)
    get_settings.cache_clear()
    try:
        with pytest.raises(ConfigurationError, match=r"PORTCULLIS_GOVUK_PAY_API_KEY is not set"):
            _create()
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
