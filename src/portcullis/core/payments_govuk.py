"""The GOV.UK Pay adapter: the two endpoints of Pay's public API we use, over HTTP with httpx.

    POST /v1/payments            {amount, reference, description, return_url}  + Idempotency-Key header
    GET  /v1/payments/{id}       state.status, state.code/message, _links.next_url, card_details

Authentication is a bearer API key. Pay's errors carry `{"code": "P0102", "description": ...}`
(sometimes with `field`); we turn them into PaymentError with that field and reason, so callers can show
them. Pay's statuses are translated into ours: created/started -> CREATED, submitted/capturable ->
SUBMITTED, success, failed, cancelled, error."""

from __future__ import annotations

from typing import Any

import httpx

from portcullis.core.payments import PaymentError, PaymentStatus, ProviderState
from portcullis.core.settings import ConfigurationError, get_settings

TIMEOUT = httpx.Timeout(10.0, connect=5.0)

STATUSES = {
    "created": PaymentStatus.CREATED,
    "started": PaymentStatus.CREATED,
    "submitted": PaymentStatus.SUBMITTED,
    "capturable": PaymentStatus.SUBMITTED,
    "success": PaymentStatus.SUCCESS,
    "failed": PaymentStatus.FAILED,
    "cancelled": PaymentStatus.CANCELLED,
    "error": PaymentStatus.ERROR,
}


class GovukPayClient:
    def __init__(self, base_url: str, api_key: str, transport: httpx.BaseTransport | None = None) -> None:
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            timeout=TIMEOUT,
            transport=transport,
            headers={"Authorization": f"Bearer {api_key}", "Accept": "application/json"},
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> GovukPayClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def create(
        self, *, amount_pence: int, reference: str, description: str, return_url: str, idempotency_key: str
    ) -> ProviderState:
        body = {
            "amount": amount_pence,
            "reference": reference,
            "description": description,
            "return_url": return_url,
        }
        data = self._call("POST", "/v1/payments", json=body, headers={"Idempotency-Key": idempotency_key})
        return state_from(data)

    def get(self, payment_id: str) -> ProviderState:
        return state_from(self._call("GET", f"/v1/payments/{payment_id}"))

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.TimeoutException:
            raise PaymentError(
                "GOV.UK Pay did not answer in time; try again (the same idempotency key "
                "will not charge twice)"
            ) from None
        except httpx.HTTPError as exc:
            raise PaymentError(f"Cannot reach GOV.UK Pay at {self._http.base_url}: {exc}") from None
        if response.status_code in (200, 201):
            try:
                data = response.json()
            except ValueError:
                raise PaymentError("GOV.UK Pay sent a response that is not JSON") from None
            if not isinstance(data, dict):
                raise PaymentError("GOV.UK Pay sent an unexpected response")
            return data
        raise error_from(response)


def error_from(response: httpx.Response) -> PaymentError:
    try:
        data = response.json()
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    code = data.get("code", "")
    description = data.get("description") or response.reason_phrase or "no description"
    prefix = f"GOV.UK Pay refused the request ({response.status_code}{' ' + code if code else ''}): "
    status = response.status_code
    if status == 401:
        return PaymentError(prefix + "the API key is not valid; check PORTCULLIS_GOVUK_PAY_API_KEY")
    if status == 404:
        return PaymentError(prefix + "no such payment", "payment_id")
    if status == 429:
        return PaymentError(prefix + "too many requests; wait a moment and try again")
    if status >= 500:
        return PaymentError(
            f"GOV.UK Pay is not working ({status}{' ' + code if code else ''}): {description}; "
            "try again later"
        )
    field = data.get("field")
    return PaymentError(prefix + str(description), str(field) if field else None)


def state_from(data: dict[str, Any]) -> ProviderState:
    payment_id = data.get("payment_id")
    state = data.get("state") or {}
    raw = state.get("status")
    if not payment_id or raw not in STATUSES:
        raise PaymentError(f"GOV.UK Pay sent a payment without an id or with an unknown status ({raw!r})")
    links = data.get("_links") or {}
    next_url = (links.get("next_url") or {}).get("href")
    card = data.get("card_details") or {}
    return ProviderState(
        provider_id=str(payment_id),
        status=STATUSES[raw],
        next_url=next_url,
        card_last4=card.get("last_digits_card_number"),
        card_brand=card.get("card_brand"),
        failure_code=state.get("code"),
        failure_reason=state.get("message"),
    )


def client() -> GovukPayClient:
    settings = get_settings()
    if not settings.govuk_pay_api_key:
        raise ConfigurationError("PORTCULLIS_GOVUK_PAY_API_KEY is not set but payments_backend is govuk-pay")
    return GovukPayClient(settings.govuk_pay_url, settings.govuk_pay_api_key)
