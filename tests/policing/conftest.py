"""Reuse the shared browser fixtures (tests/browser/conftest.py) for the policing browser tests."""

from browser.conftest import (  # noqa: F401 - fixtures, found by pytest by name
    _live_server_url,
    assert_accessible,
    axe,
    browser,
    live_server,
    no_js_page,
    page,
    sign_in_as,
)
