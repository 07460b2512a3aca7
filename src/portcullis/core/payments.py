"""Card payments behind one port, chosen by `settings.payments_backend`:

- "local": a GOV.UK-styled card page at /payments/local/{id} that accepts the documented test cards only
  (docs/payments.md) - for development, tests and demonstrations; nothing is charged;
- "govuk-pay": GOV.UK Pay's public API over HTTP (portcullis.core.payments_govuk).

    view = payments.create_payment(uow, amount_pence=1600, reference="ETA-123", description="ETA fee",
                                   return_url="/eta/apply/paid", idempotency_key=f"eta-fee-{app_id}")
    redirect to view.next_url; on return: payments.get_payment(uow, view.id).status

The same idempotency key always gives the same payment, so a double-clicked button or a retried request
never charges twice; the key is also sent to GOV.UK Pay as its Idempotency-Key header."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from urllib.parse import urljoin, urlsplit

from sqlalchemy import Integer, String, Text, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from portcullis.core import clock
from portcullis.core.db import Base, IdMixin, TimestampMixin, UnitOfWork, new_id
from portcullis.core.settings import get_settings

MAX_AMOUNT_PENCE = 10_000_000  # GOV.UK Pay's limit: 100,000 GBP


class PaymentStatus(StrEnum):
    CREATED = "created"  # waiting for the paying user (GOV.UK Pay "created" and "started")
    SUBMITTED = "submitted"  # card details submitted, not yet confirmed ("submitted", "capturable")
    SUCCESS = "success"
    FAILED = "failed"  # declined, expired card or abandoned
    CANCELLED = "cancelled"
    ERROR = "error"  # the provider could not process it

    @property
    def finished(self) -> bool:
        return self in (
            PaymentStatus.SUCCESS,
            PaymentStatus.FAILED,
            PaymentStatus.CANCELLED,
            PaymentStatus.ERROR,
        )


class PaymentError(ValueError):
    """Bad input or a provider problem; `field` names the input at fault (or None for the provider)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.reason = message


class PaymentNotFound(PaymentError):
    pass


class Payment(IdMixin, TimestampMixin, Base):
    __tablename__ = "payments"

    provider: Mapped[str] = mapped_column(String(20))
    provider_id: Mapped[str | None] = mapped_column(String(100), index=True)
    reference: Mapped[str] = mapped_column(String(255), index=True)
    description: Mapped[str] = mapped_column(String(255))
    amount_pence: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default=PaymentStatus.CREATED)
    return_url: Mapped[str] = mapped_column(Text)
    next_url: Mapped[str | None] = mapped_column(Text)
    idempotency_key: Mapped[str | None] = mapped_column(String(255), unique=True)
    card_last4: Mapped[str | None] = mapped_column(String(4))
    card_brand: Mapped[str | None] = mapped_column(String(30))
    failure_code: Mapped[str | None] = mapped_column(String(20))
    failure_reason: Mapped[str | None] = mapped_column(String(500))
    finished_at: Mapped[datetime | None]


@dataclass(frozen=True)
class PaymentView:
    id: str
    reference: str
    amount_pence: int
    description: str
    status: PaymentStatus
    next_url: str | None
    return_url: str
    provider: str
    card_last4: str | None
    failure_reason: str | None

    @classmethod
    def of(cls, p: Payment) -> PaymentView:
        return cls(
            id=p.id,
            reference=p.reference,
            amount_pence=p.amount_pence,
            description=p.description,
            status=PaymentStatus(p.status),
            next_url=None if PaymentStatus(p.status).finished else p.next_url,
            return_url=p.return_url,
            provider=p.provider,
            card_last4=p.card_last4,
            failure_reason=p.failure_reason,
        )

    @property
    def amount_text(self) -> str:
        return f"£{self.amount_pence // 100:,}.{self.amount_pence % 100:02d}"


def _check_text(value: Any, field: str, limit: int = 255) -> str:
    if not isinstance(value, str) or not value.strip():
        raise PaymentError("must not be empty", field)
    if len(value) > limit:
        raise PaymentError(f"must be at most {limit} characters", field)
    return value.strip()


def _check_return_url(url: str, backend: str) -> str:
    url = _check_text(url, "return_url", 2000)
    parts = urlsplit(url)
    if url.startswith("/") and not url.startswith("//"):
        # a path on this service; GOV.UK Pay needs an absolute address, so give it one
        return urljoin(get_settings().base_url, url) if backend == "govuk-pay" else url
    if parts.scheme in ("http", "https") and parts.netloc:
        return url
    raise PaymentError("must be a path on this service (/...) or an http(s) address", "return_url")


def create_payment(
    uow: UnitOfWork,
    *,
    amount_pence: int,
    reference: str,
    description: str,
    return_url: str,
    idempotency_key: str | None = None,
) -> PaymentView:
    """Start a payment and say where to send the paying user (`next_url`). Same key -> same payment."""
    if isinstance(amount_pence, bool) or not isinstance(amount_pence, int):
        raise PaymentError("must be a whole number of pence", "amount_pence")
    if not 1 <= amount_pence <= MAX_AMOUNT_PENCE:
        raise PaymentError(f"must be between 1 and {MAX_AMOUNT_PENCE} pence", "amount_pence")
    reference = _check_text(reference, "reference")
    description = _check_text(description, "description")
    backend = get_settings().payments_backend
    return_url = _check_return_url(return_url, backend)
    if idempotency_key is not None:
        idempotency_key = _check_text(idempotency_key, "idempotency_key")
        existing = _by_key(uow, idempotency_key)
        if existing is not None:
            return _same_or_refuse(existing, amount_pence, reference, description)
    payment = Payment(
        id=new_id(),
        provider=backend,
        reference=reference,
        description=description,
        amount_pence=amount_pence,
        status=PaymentStatus.CREATED,
        return_url=return_url,
        idempotency_key=idempotency_key,
    )
    if backend == "local":
        payment.next_url = f"/payments/local/{payment.id}"
    else:
        from portcullis.core import payments_govuk

        with payments_govuk.client() as pay:
            created = pay.create(
                amount_pence=amount_pence,
                reference=reference,
                description=description,
                return_url=return_url,
                idempotency_key=idempotency_key or payment.id,
            )
        _apply(payment, created)
    if idempotency_key is None or uow.session.get_bind().dialect.name != "postgresql":
        # SQLite runs one writer at a time, so the look-up above has already settled the key (and
        # pysqlite's savepoints would end the caller's transaction); a clash still fails cleanly.
        uow.session.add(payment)
        try:
            uow.flush()
        except IntegrityError:
            raise PaymentError(
                "a payment with this key was created at the same moment; try again", "idempotency_key"
            ) from None
        return PaymentView.of(payment)
    try:
        with uow.session.begin_nested():  # a concurrent request with the same key may have won the race
            uow.session.add(payment)
    except IntegrityError:
        existing = _by_key(uow, idempotency_key)
        if existing is None:
            raise
        return _same_or_refuse(existing, amount_pence, reference, description)
    return PaymentView.of(payment)


def _by_key(uow: UnitOfWork, key: str) -> Payment | None:
    return uow.session.scalar(select(Payment).where(Payment.idempotency_key == key))


def _same_or_refuse(existing: Payment, amount_pence: int, reference: str, description: str) -> PaymentView:
    if (existing.amount_pence, existing.reference, existing.description) != (
        amount_pence,
        reference,
        description,
    ):
        raise PaymentError(
            "was already used for a different payment (amount, reference or description differ)",
            "idempotency_key",
        )
    return PaymentView.of(existing)


def get_payment(uow: UnitOfWork, payment_id: str) -> PaymentView:
    """The payment's current state; an unfinished GOV.UK Pay payment is refreshed from Pay first."""
    payment = uow.session.get(Payment, payment_id)
    if payment is None:
        raise PaymentNotFound(f"no payment with id {payment_id}", "payment_id")
    if payment.provider == "govuk-pay" and not PaymentStatus(payment.status).finished and payment.provider_id:
        from portcullis.core import payments_govuk

        with payments_govuk.client() as pay:
            _apply(payment, pay.get(payment.provider_id))
    return PaymentView.of(payment)


@dataclass(frozen=True)
class ProviderState:
    """What a provider says about a payment (the adapter translates its own vocabulary into this)."""

    provider_id: str
    status: PaymentStatus
    next_url: str | None = None
    card_last4: str | None = None
    card_brand: str | None = None
    failure_code: str | None = None
    failure_reason: str | None = None


def _apply(payment: Payment, state: ProviderState) -> None:
    payment.provider_id = state.provider_id
    if state.next_url:
        payment.next_url = state.next_url
    if state.card_last4:
        payment.card_last4 = state.card_last4
    if state.card_brand:
        payment.card_brand = state.card_brand
    payment.failure_code = state.failure_code
    payment.failure_reason = state.failure_reason
    if payment.status != state.status:
        payment.status = state.status
        if state.status.finished:
            payment.finished_at = clock.now()


# --- the local provider's card page -------------------------------------------------------------------


@dataclass(frozen=True)
class TestCard:
    number: str
    brand: str
    outcome: PaymentStatus
    failure_code: str | None
    failure_reason: str | None
    description: str


TEST_CARDS = {
    c.number: c
    for c in (
        TestCard("4444333322221111", "Visa", PaymentStatus.SUCCESS, None, None, "The payment succeeds."),
        TestCard(
            "5101180000000007", "Mastercard", PaymentStatus.SUCCESS, None, None, "The payment succeeds."
        ),
        TestCard(
            "4000000000000002",
            "Visa",
            PaymentStatus.FAILED,
            "P0010",
            "Your card was declined",
            "The bank declines the payment.",
        ),
        TestCard(
            "4000000000000069",
            "Visa",
            PaymentStatus.FAILED,
            "P0010",
            "Your card has expired",
            "The bank says the card has expired.",
        ),
        TestCard(
            "4000000000000119",
            "Visa",
            PaymentStatus.ERROR,
            "P0050",
            "There was a problem processing the payment",
            "The payment provider has an error.",
        ),
    )
}


def luhn_ok(number: str) -> bool:
    if not number.isdigit() or not 12 <= len(number) <= 19:
        return False
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


@dataclass(frozen=True)
class CardForm:
    card_number: str
    expiry_month: str
    expiry_year: str
    cardholder_name: str
    security_code: str


def card_errors(form: CardForm, today: date) -> dict[str, str]:
    """Field id -> message, in the order the fields appear (GOV.UK error messages)."""
    errors: dict[str, str] = {}
    number = form.card_number.replace(" ", "").replace("-", "")
    if not number:
        errors["card-number"] = "Enter your card number"
    elif not number.isdigit() or not 12 <= len(number) <= 19:
        errors["card-number"] = "Card number must be between 12 and 19 digits"
    elif not luhn_ok(number):
        errors["card-number"] = "Enter a valid card number"
    elif number not in TEST_CARDS:
        errors["card-number"] = "This is a test payment page: enter one of the test card numbers listed"
    month, year = form.expiry_month.strip(), form.expiry_year.strip()
    if not month or not year:
        errors["expiry-month"] = "Enter the expiry date shown on your card"
    elif not (month.isdigit() and year.isdigit() and 1 <= int(month) <= 12 and len(year) in (2, 4)):
        errors["expiry-month"] = "Expiry date must be a real date, like 10 29"
    else:
        full_year = int(year) + (2000 if len(year) == 2 else 0)
        if (full_year, int(month)) < (today.year, today.month):
            errors["expiry-month"] = "Expiry date must be this month or in the future"
    if not form.cardholder_name.strip():
        errors["cardholder-name"] = "Enter the name as it appears on the card"
    elif len(form.cardholder_name) > 100:
        errors["cardholder-name"] = "Name on card must be 100 characters or fewer"
    code = form.security_code.strip()
    if not code:
        errors["security-code"] = "Enter the card security code"
    elif not (code.isdigit() and len(code) in (3, 4)):
        errors["security-code"] = "Card security code must be 3 or 4 digits"
    return errors


def local_payment(uow: UnitOfWork, payment_id: str) -> Payment:
    payment = uow.session.get(Payment, payment_id)
    if payment is None or payment.provider != "local":
        raise PaymentNotFound(f"no local payment with id {payment_id}", "payment_id")
    return payment


def pay_locally(uow: UnitOfWork, payment_id: str, form: CardForm) -> tuple[PaymentView, dict[str, str]]:
    """Take a test card on the local card page. Returns the payment and the field errors (nothing is
    saved when there are errors). A finished payment is returned unchanged: it can never be paid twice."""
    payment = local_payment(uow, payment_id)
    if PaymentStatus(payment.status).finished:
        return PaymentView.of(payment), {}
    errors = card_errors(form, clock.today_in_london())
    if errors:
        return PaymentView.of(payment), errors
    card = TEST_CARDS[form.card_number.replace(" ", "").replace("-", "")]
    _apply(
        payment,
        ProviderState(
            provider_id=payment.id,
            status=card.outcome,
            card_last4=card.number[-4:],
            card_brand=card.brand,
            failure_code=card.failure_code,
            failure_reason=card.failure_reason,
        ),
    )
    return PaymentView.of(payment), {}


def cancel_locally(uow: UnitOfWork, payment_id: str) -> PaymentView:
    payment = local_payment(uow, payment_id)
    if not PaymentStatus(payment.status).finished:
        _apply(
            payment,
            ProviderState(
                provider_id=payment.id,
                status=PaymentStatus.CANCELLED,
                failure_code="P0030",
                failure_reason="Payment was cancelled by the user",
            ),
        )
    return PaymentView.of(payment)
