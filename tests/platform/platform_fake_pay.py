"""A local stand-in for GOV.UK Pay's public API: the two endpoints Portcullis uses, as documented at
https://docs.payments.service.gov.uk/api_reference/ (create a payment, get a payment), served by uvicorn on
127.0.0.1 in a thread. Tests change a payment's state with `set_state` as a paying user would."""

from __future__ import annotations

import secrets
import threading
import time
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

API_KEY = "api_test_" + "k" * 40
REQUIRED = ("amount", "reference", "description", "return_url")


class FakePay:
    def __init__(self) -> None:
        self.payments: dict[str, dict[str, Any]] = {}
        self.by_key: dict[str, tuple[dict[str, Any], str]] = {}
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.fail_next: tuple[int, dict[str, Any]] | None = None
        self.base_url = ""
        self.app = self._build()

    def _build(self) -> FastAPI:
        app = FastAPI()

        @app.middleware("http")
        async def check(request: Request, call_next: Any) -> Any:
            self.requests.append((request.method, request.url.path, dict(request.headers)))
            if request.headers.get("authorization") != f"Bearer {API_KEY}":
                return JSONResponse({"code": "P0199", "description": "Credentials are required"}, 401)
            if self.fail_next is not None:
                status, body = self.fail_next
                self.fail_next = None
                return JSONResponse(body, status)
            return await call_next(request)

        @app.post("/v1/payments")
        async def create(request: Request) -> JSONResponse:
            try:
                body = await request.json()
            except ValueError:
                return JSONResponse({"code": "P0197", "description": "Unable to parse JSON"}, 400)
            for name in REQUIRED:
                if name not in body:
                    return JSONResponse(
                        {
                            "field": name,
                            "code": "P0101",
                            "description": f"Missing mandatory attribute: {name}",
                        },
                        400,
                    )
            amount = body["amount"]
            if not isinstance(amount, int) or not 0 <= amount <= 10_000_000:
                return JSONResponse(
                    {
                        "field": "amount",
                        "code": "P0102",
                        "description": "Invalid attribute value: amount. Must be less than or equal to "
                        "10000000",
                    },
                    422,
                )
            key = request.headers.get("idempotency-key")
            if key is not None and key in self.by_key:
                earlier, payment_id = self.by_key[key]
                if earlier != body:
                    return JSONResponse(
                        {
                            "code": "P0191",
                            "description": "The Idempotency-Key has already been used to create a payment",
                        },
                        409,
                    )
                return JSONResponse(self.payments[payment_id], 200)
            payment_id = secrets.token_hex(13)
            payment = {
                "payment_id": payment_id,
                "amount": amount,
                "reference": body["reference"],
                "description": body["description"],
                "return_url": body["return_url"],
                "state": {"status": "created", "finished": False},
                "payment_provider": "sandbox",
                "created_date": "2025-06-02T09:30:00.000Z",
                "language": "en",
                "delayed_capture": False,
                "_links": {
                    "self": {"href": f"{self.base_url}/v1/payments/{payment_id}", "method": "GET"},
                    "next_url": {"href": f"https://card.example/secure/{payment_id}", "method": "GET"},
                },
            }
            self.payments[payment_id] = payment
            if key is not None:
                self.by_key[key] = (body, payment_id)
            return JSONResponse(payment, 201)

        @app.get("/v1/payments/{payment_id}")
        def get(payment_id: str) -> JSONResponse:
            payment = self.payments.get(payment_id)
            if payment is None:
                return JSONResponse({"code": "P0200", "description": "Not found"}, 404)
            return JSONResponse(payment, 200)

        return app

    def set_state(
        self,
        payment_id: str,
        status: str,
        *,
        code: str | None = None,
        message: str | None = None,
        last4: str | None = None,
    ) -> None:
        payment = self.payments[payment_id]
        finished = status in ("success", "failed", "cancelled", "error")
        payment["state"] = {"status": status, "finished": finished} | (
            {"code": code, "message": message} if code else {}
        )
        if finished:
            payment["_links"].pop("next_url", None)
        if last4:
            payment["card_details"] = {
                "last_digits_card_number": last4,
                "card_brand": "Visa",
                "cardholder_name": "A Tester",
                "expiry_date": "10/29",
            }


class Server:
    """Runs the fake on 127.0.0.1 on a free port, in a thread, and stops it afterwards."""

    def __init__(self, fake: FakePay) -> None:
        self.fake = fake
        self.server = uvicorn.Server(
            uvicorn.Config(fake.app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the fake GOV.UK Pay server did not start")
            time.sleep(0.02)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.fake.base_url = f"http://127.0.0.1:{port}"
        return self.fake.base_url

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)
