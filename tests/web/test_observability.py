"""Observability: one JSON log line per request with its id, method, route template, status and duration,
and no personal data; Prometheus metrics for holders of `metrics.read`; a public health check."""

from __future__ import annotations

import json
import sys
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError

from portcullis.web import observability


def _lines(capsys: Any) -> list[dict[str, Any]]:
    out = capsys.readouterr().out
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def test_each_request_is_logged_as_json_with_the_route_template_not_the_raw_path(
    client, sign_in, make_user, capsys
) -> None:
    make_user(["caseworker"], email="alice@example.gov.uk")
    sign_in(["auditor"])
    capsys.readouterr()
    client.get("/audit?search=1&person=Ann+Smith&user=alice%40example.gov.uk")
    lines = [line for line in _lines(capsys) if line["event"] == "request"]
    assert len(lines) == 1
    line = lines[0]
    assert line["method"] == "GET" and line["route"] == "/audit" and line["status"] == 200
    assert line["duration_ms"] >= 0 and len(line["request_id"]) == 32
    assert line["level"] == "info" and line["timestamp"].endswith("Z")
    text = json.dumps(line)
    assert "Ann" not in text and "alice" not in text and "search" not in text


def test_a_path_with_a_value_in_it_is_logged_by_its_template(client, capsys) -> None:
    client.get("/assets/govuk-frontend.min.css")
    client.get("/no/such/page/for/Jane-Doe")
    routes = [line["route"] for line in _lines(capsys) if line["event"] == "request"]
    assert routes == ["/assets/{path:path}", "<unmatched>"]


def test_the_callers_request_id_is_kept_and_returned(client, capsys) -> None:
    response = client.get("/", headers={"X-Request-ID": "lb-1234.abc"})
    assert response.headers["x-request-id"] == "lb-1234.abc"
    assert _lines(capsys)[-1]["request_id"] == "lb-1234.abc"


def test_an_unsafe_request_id_is_replaced(client) -> None:
    response = client.get("/", headers={"X-Request-ID": "<script>alert(1)</script>"})
    assert response.headers["x-request-id"] != "<script>alert(1)</script>"
    assert len(response.headers["x-request-id"]) == 32


def test_a_server_error_is_logged_without_its_message(echo_app: FastAPI, capsys) -> None:
    with TestClient(echo_app, raise_server_exceptions=False) as client:
        capsys.readouterr()
        client.get("/test-boom")
    lines = _lines(capsys)
    failed = [line for line in lines if line["event"] == "request.failed"]
    assert failed and failed[0]["error"] == "RuntimeError" and failed[0]["status"] == 500
    assert failed[0]["route"] == "/test-boom"
    assert "Jane" not in json.dumps(lines) and "123456789" not in json.dumps(lines)


def test_a_refused_form_is_logged_under_the_route_it_was_sent_to(client, capsys) -> None:
    client.post("/sign-in", data={"email": "x@example.gov.uk"})
    line = _lines(capsys)[-1]
    assert line["route"] == "/sign-in" and line["status"] == 403


def test_failed_sign_ins_are_logged_without_the_email(client, make_user, anonymous_token, capsys) -> None:
    make_user(["auditor"], email="private.person@example.gov.uk")
    token = anonymous_token(client)
    client.post(
        "/sign-in",
        data={"email": "private.person@example.gov.uk", "password": "wrong password!", "csrf_token": token},
    )
    lines = _lines(capsys)
    assert any(line["event"] == "sign_in.refused" for line in lines)
    assert "private.person" not in json.dumps(lines)


def test_metrics_need_the_metrics_permission(client, sign_in) -> None:
    assert client.get("/metrics", follow_redirects=False).status_code == 303
    sign_in(["auditor"])
    assert client.get("/metrics").status_code == 403


def test_metrics_count_requests_and_time_them_by_route_template(api_client) -> None:
    monitor = api_client(["admin"])
    monitor.get("/healthz")
    body = monitor.get("/metrics").text
    assert 'portcullis_http_requests_total{method="GET",route="/healthz",status="200"}' in body
    assert 'portcullis_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/healthz"}' in body


def test_the_health_check_is_public_and_reports_the_database(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_the_health_check_says_when_the_database_is_unreachable(client, monkeypatch) -> None:
    class Down:
        def connect(self) -> None:
            raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(observability, "get_engine", lambda: Down())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}


def test_the_servers_own_traceback_with_the_error_message_is_not_logged(client) -> None:
    import logging

    server_log = logging.getLogger("uvicorn.error")
    try:
        raise RuntimeError("Jane Doe")
    except RuntimeError:
        record = server_log.makeRecord(
            "uvicorn.error", logging.ERROR, __file__, 1, "Exception in ASGI application\n", (), sys.exc_info()
        )
    assert not server_log.filter(record)
    startup = server_log.makeRecord("uvicorn.error", logging.INFO, __file__, 1, "Started server", (), None)
    assert server_log.filter(startup)


def test_a_route_with_a_parameter_is_logged_by_its_template_when_the_guard_refuses(client, capsys) -> None:
    capsys.readouterr()
    client.get("/policing/settlement/2025-26", follow_redirects=False)
    routes = [line["route"] for line in _lines(capsys) if line["event"] == "request"]
    assert routes == ["/policing/settlement/{year}"]
