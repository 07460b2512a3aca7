"""Shared fixtures for browser and accessibility tests (headless Chromium driven by Playwright, checked
with axe-core). Any engineer's browser test can use them:

    import pytest

    pytestmark = pytest.mark.browser

    def test_the_eta_start_page_is_accessible(page, live_server, assert_accessible):
        page.goto(live_server + "/travel/eta")
        assert_accessible(page)

    def test_a_caseworker_sees_the_queue(page, live_server, sign_in_as, assert_accessible):
        sign_in_as(page, ["caseworker"])
        page.goto(live_server + "/travel/cases")
        assert_accessible(page)

Fixtures
- `live_server`: base URL (``http://127.0.0.1:<port>``) of the real app, `create_app()`, served by uvicorn
  in a background thread of the test process. It uses the test database (the `database` fixture: empty
  tables, clock frozen at 2025-06-02 09:30 UTC) so data you create in the test is what the page shows.
- `browser`: one headless Chromium for the whole session (Debian's `/usr/bin/chromium`; `make browser`
  installs it; Playwright never downloads a browser).
- `page`: a fresh page in a fresh context (no cookies), JavaScript on. `no_js_page`: the same with
  JavaScript off, to prove a journey works without it.
- `sign_in_as(page, ["role", ...], organisation=None)`: creates a user with those roles, opens a session
  and gives its cookie to the page's context; returns the `Principal` (with `csrf_token`).
- `assert_accessible(page, label=None)`: runs axe-core (`node_modules/axe-core`) on the page with the WCAG
  2.0/2.1/2.2 A and AA tags and fails with a readable list of violations. It works on `no_js_page` too
  (axe cannot run in a page without JavaScript, so the page's current HTML, scripts removed, is checked
  in a JavaScript-enabled copy at the same address). The `axe` fixture gives
  `axe.violations(page)` and `axe.describe(label, violations)` for tests that collect failures from many
  pages and report them at once.

Browser tests are marked `@pytest.mark.browser` (`pytestmark = pytest.mark.browser` in the module)."""

from __future__ import annotations

import socket
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from portcullis.core import access
from portcullis.core.db import unit_of_work

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE_SCRIPT = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TIMEOUT_MS = 20_000

AXE_TIMEOUT_MS = 60_000
# page.evaluate has no timeout of its own, so the run races a timer: a stuck page fails instead of hanging.
_AXE_RUN = """async ([tags, timeout]) => {
  const run = axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  const timer = new Promise((_, reject) =>
    setTimeout(() => reject(new Error(`axe did not finish within ${timeout} ms`)), timeout));
  const result = await Promise.race([run, timer]);
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 200),
                               summary: n.failureSummary}))
  }));
}"""


# --- the server --------------------------------------------------------------------------------------


def _free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))  # the OS picks a free port; uvicorn serves on this very socket
    return sock


@pytest.fixture(scope="session")
def _live_server_url(engine: Engine) -> Iterator[str]:
    import uvicorn

    from portcullis.app import create_app

    app = create_app()
    sock = _free_socket()
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True, name="live-server")
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("The live server did not start: see the log above")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture()
def live_server(_live_server_url: str, database: Engine) -> str:
    """The app's base URL, serving the test database (emptied for this test, clock frozen)."""
    return _live_server_url


# --- the browser -------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail("Chromium is not installed: run `make browser` (apt-get install chromium) first.")
    if not AXE_SCRIPT.exists():
        pytest.fail(f"axe-core is missing ({AXE_SCRIPT}): run `make assets` (npm ci) first.")
    from playwright.sync_api import expect, sync_playwright

    # expect() waits 5 s by default; a loaded CI machine can take longer to serve a page after a click.
    expect.set_options(timeout=TIMEOUT_MS)

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# Pages whose context has JavaScript off: axe cannot run in them (its timers never fire), so they are
# checked through a copy (see `axe_violations`).
_NO_JS_PAGES: weakref.WeakSet[Any] = weakref.WeakSet()


def _new_page(browser: Any, base_url: str, javascript: bool) -> Iterator[Any]:
    context = browser.new_context(base_url=base_url, java_script_enabled=javascript)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    if not javascript:
        _NO_JS_PAGES.add(page)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture()
def page(browser: Any, live_server: str) -> Iterator[Any]:
    """A fresh page (new context, no cookies) with JavaScript on; `page.goto("/path")` works."""
    yield from _new_page(browser, live_server, javascript=True)


@pytest.fixture()
def no_js_page(browser: Any, live_server: str) -> Iterator[Any]:
    """A fresh page with JavaScript off."""
    yield from _new_page(browser, live_server, javascript=False)


# --- signing in ----------------------------------------------------------------------------------------


@pytest.fixture()
def sign_in_as(live_server: str) -> Callable[..., access.Principal]:
    """sign_in_as(page, ["role"], organisation=None, name=None) -> Principal: a new user with those roles,
    signed in on that page's browser context (no password form; see test_journeys for the form)."""
    counter = {"n": 0}

    def _sign_in(
        page: Any, role_names: list[str] | str, organisation: str | None = None, name: str | None = None
    ) -> access.Principal:
        roles = [role_names] if isinstance(role_names, str) else list(role_names)
        counter["n"] += 1
        with unit_of_work() as uow:
            user = access.create_user(
                uow,
                email=f"browser{counter['n']}.{'-'.join(roles)}@example.gov.uk",
                name=name or f"Browser User {counter['n']}",
                password=None,
                role_names=roles,
                organisation=organisation,
            )
            token, web_session = access.start_session(uow, user)
            uow.flush()
            principal = access.principal_for_user(
                user, session_id=web_session.id, csrf_token=web_session.csrf_token
            )
        page.context.add_cookies(
            [
                {
                    "name": access.SESSION_COOKIE,
                    "value": token,
                    "url": live_server,
                    "httpOnly": True,
                    "sameSite": "Lax",
                }
            ]
        )
        return principal

    return _sign_in


# --- accessibility -----------------------------------------------------------------------------------


def _run_axe(page: Any) -> list[dict[str, Any]]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, so the page's Content-Security-Policy does not block it.
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    violations: list[dict[str, Any]] = page.evaluate(_AXE_RUN, [WCAG_TAGS, AXE_TIMEOUT_MS])
    return violations


def _run_axe_on_a_copy(page: Any) -> list[dict[str, Any]]:
    """For a page with JavaScript off: serve its HTML as it is now, scripts removed (so the DOM stays the
    no-JavaScript one), at the same address in a JavaScript-enabled context, and run axe there. Styles,
    fonts and images still come from the live server."""
    html = page.evaluate(
        "() => { const d = document.documentElement.cloneNode(true);"
        " d.querySelectorAll('script').forEach(s => s.remove());"
        " return '<!DOCTYPE html>' + d.outerHTML; }"
    )
    context = page.context.browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    try:
        copy = context.new_page()
        url = page.url
        copy.route(url, lambda route: route.fulfill(status=200, content_type="text/html", body=html))
        copy.goto(url)
        return _run_axe(copy)
    finally:
        context.close()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core on the page once it has loaded; returns its violations (empty when it passes)."""
    page.wait_for_load_state("load")  # a click that submits a form may still be navigating
    if page in _NO_JS_PAGES:
        return _run_axe_on_a_copy(page)
    return _run_axe(page)


def describe_violations(label: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{label}: {len(violations)} accessibility violation(s)"]
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(f"      at {node['target']}: {node['html']}")
            summary = (node["summary"] or "").replace("\n", " ")
            lines.append(f"        {summary}")
        if len(v["nodes"]) > 5:
            lines.append(f"      ... and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


class Axe:
    violations = staticmethod(axe_violations)
    describe = staticmethod(describe_violations)


@pytest.fixture()
def axe() -> Axe:
    return Axe()


@pytest.fixture()
def assert_accessible() -> Callable[..., None]:
    """assert_accessible(page, label=None): fail with a readable list if axe finds WCAG 2.2 AA problems."""

    def _assert(page: Any, label: str | None = None) -> None:
        violations = axe_violations(page)
        assert not violations, describe_violations(label or page.url, violations)

    return _assert
