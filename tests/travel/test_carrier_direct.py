"""The carrier check served before the middleware stack (`web.direct`): the same answers, headers and errors
as the full stack, never for a browser session, and on PostgreSQL read on the event loop."""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine

from portcullis.core import async_reads, audit, rate_limits
from portcullis.core.db import unit_of_work
from portcullis.travel import carrier_service, disclosures_async

from .helpers import applicant
from .test_carrier_api import URL, evisa_holder, granted, manifest, pax

on_postgresql = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgresql"),
    reason="the event-loop read is used on PostgreSQL only",
)


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    rate_limits.limiter().reset()


def run_in_a_new_loop(coroutine: Any) -> Any:
    """`asyncio.run` in a thread of its own: in a worker that also ran browser tests, Playwright's sync API
    leaves an event loop running in this thread."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def passengers() -> list[dict[str, Any]]:
    return [
        pax("567890123", "USA"),
        pax("123456789", "GBR", "Smith", "John"),
        pax("Z1234567", "IND", "Kumar", "Ravi", "1985-01-01"),
        pax("C9999999", "CAN", "Nobody", "Nora"),
    ]


def test_the_direct_path_and_the_full_stack_give_the_same_answers(api_client, make_user) -> None:  # type: ignore[no-untyped-def]
    from portcullis.app import create_app

    granted(applicant())
    evisa_holder()
    direct = api_client(["carrier"], organisation="Demo Airways")
    full = TestClient(create_app(direct=False), headers=dict(direct.headers))
    answers = [c.post(URL, json=manifest(passengers())).json()["passengers"] for c in (direct, full)]
    assert answers[0] == answers[1]
    assert [p["code"] for p in answers[0]] == ["OK02", "OK01", "OK03", "CD01"]
    with unit_of_work() as uow:
        assert len(audit.search(uow.session, operation="disclosure", limit=50)) == 8


def test_a_direct_answer_carries_a_request_id_and_the_security_headers(api_client) -> None:  # type: ignore[no-untyped-def]
    response = api_client(["carrier"]).post(
        URL, json=manifest([pax("567890123", "USA")]), headers={"X-Request-ID": "carrier-42"}
    )
    assert response.status_code == 200
    assert response.headers["x-request-id"] == "carrier-42"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"


def test_a_body_over_2_mib_is_refused_with_413_and_nothing_is_logged(api_client) -> None:  # type: ignore[no-untyped-def]
    body = b'{"flight": "' + b"X" * (2 * 1024 * 1024) + b'"}'
    response = api_client(["carrier"]).post(URL, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["errors"][0]["field"] == "body"
    with unit_of_work() as uow:
        assert audit.search(uow.session, operation="disclosure") == []


def test_a_body_that_is_not_json_gets_422_naming_the_body(api_client) -> None:  # type: ignore[no-untyped-def]
    response = api_client(["carrier"]).post(
        URL, content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body"


def test_a_bad_date_is_named_with_its_passenger(api_client) -> None:  # type: ignore[no-untyped-def]
    body = manifest([pax("567890123", "USA", dob="1990-02-30")])
    response = api_client(["carrier"]).post(URL, json=body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "passengers.0.date_of_birth"


def test_a_signed_in_carriers_browser_request_goes_through_the_csrf_check(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in(["carrier"])
    del client.headers["X-CSRF-Token"]
    assert client.post(URL, json=manifest([pax("567890123", "USA")])).status_code == 403
    with unit_of_work() as uow:
        assert audit.search(uow.session, operation="disclosure") == []


def test_a_signed_in_carrier_with_the_csrf_token_gets_the_answer_through_the_full_stack(
    client, sign_in
) -> None:  # type: ignore[no-untyped-def]
    sign_in(["carrier"])
    response = client.post(URL, json=manifest([pax("123456789", "GBR", "Smith", "John")]))
    assert response.status_code == 200
    assert response.json()["passengers"][0]["code"] == "OK01"


@on_postgresql
def test_the_event_loop_read_finds_what_the_thread_read_finds(database: Engine) -> None:
    granted(applicant())
    evisa_holder()
    numbers = ["567890123", "Z1234567", "C9999999"]
    with database.connect() as conn:
        expected = carrier_service.lookup(conn, numbers, date(2025, 6, 10))
    statement = carrier_service.lookup_statement(False)
    params = carrier_service.lookup_params(numbers, date(2025, 6, 10), None)
    found = carrier_service.found_from(run_in_a_new_loop(async_reads.fetch(statement, params)))
    assert (found.etas, found.evisas, found.stamp) == (expected.etas, expected.evisas, expected.stamp)
    assert set(found.etas) == {("567890123", "USA")} and set(found.evisas) == {("Z1234567", "IND")}


@on_postgresql
def test_connections_closed_by_the_server_are_replaced_and_the_check_still_answers(
    api_client, database: Engine
) -> None:  # type: ignore[no-untyped-def]
    token_client = api_client(["carrier"])
    with TestClient(token_client.app, headers=dict(token_client.headers)) as client:  # one event loop
        assert client.post(URL, json=manifest([pax("123456789", "GBR")])).status_code == 200
        with database.connect() as conn:  # as when the server restarts: every other connection is closed
            closed = conn.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).scalar_one()
        assert closed >= 1
        response = client.post(URL, json=manifest([pax("123456789", "GBR")]))
        assert response.status_code == 200, response.text
        assert response.json()["passengers"][0]["code"] == "OK01"


class _DeadConnection:
    """An idle connection the server has closed, before the client noticed."""

    terminated = False

    def is_closed(self) -> bool:
        return False

    async def fetch(self, *_: Any) -> list[Any]:
        import asyncpg

        raise asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed")

    def terminate(self) -> None:
        self.terminated = True


@on_postgresql
def test_a_read_on_a_connection_found_dead_is_tried_once_more_on_a_new_one(database: Engine) -> None:
    statement = carrier_service.lookup_statement(False)
    params = carrier_service.lookup_params(["567890123"], date(2025, 6, 10), None)
    dead = _DeadConnection()

    async def read() -> list[Any]:
        await async_reads.fetch(statement, params)  # opens this loop's pool
        pool = async_reads._pools[id(asyncio.get_running_loop())]
        pool.idle.append(dead)  # type: ignore[arg-type]
        return await async_reads.fetch(statement, params)

    rows = run_in_a_new_loop(read())
    assert dead.terminated
    assert [row[0] for row in rows] == ["S"]  # no ETA or eVisa: the stamp's row only


@on_postgresql
def test_the_loop_writer_and_the_thread_writer_extend_one_chain(api_client) -> None:  # type: ignore[no-untyped-def]
    client = api_client(["carrier"], organisation="Demo Airways")
    with TestClient(client.app, headers=dict(client.headers)) as same_loop:
        # The first check starts the chain (through the thread writer), the next ones on the event loop.
        for i in range(3):
            assert same_loop.post(URL, json=manifest([pax(f"P{i:07d}", "USA")])).status_code == 200
        big = manifest([pax(f"Q{i:07d}", "USA") for i in range(25)])  # over 20: answered in a thread
        assert same_loop.post(URL, json=big).status_code == 200
        for i in range(3, 6):
            assert same_loop.post(URL, json=manifest([pax(f"P{i:07d}", "USA")])).status_code == 200
        assert [w.loop.is_closed() for w in disclosures_async._writers.values()] == [False]  # it was used
    with unit_of_work() as uow:
        entries = audit.search(uow.session, operation="disclosure", limit=100)
        assert len(entries) == 31 and {e.recipient for e in entries} == {"Demo Airways"}
        assert audit.verify(uow.session).ok
