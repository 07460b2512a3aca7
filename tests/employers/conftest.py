"""The shared browser fixtures (tests/browser/conftest.py) made available to the employers browser test."""

from browser.conftest import (  # noqa: F401 - re-exported pytest fixtures
    _live_server_url,
    assert_accessible,
    axe,
    browser,
    live_server,
    no_js_page,
    page,
    sign_in_as,
)
