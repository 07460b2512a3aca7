"""Browser tests. The shared fixtures are in fixtures.py, which tests/conftest.py registers for every test
folder, so one Playwright instance serves the whole test process."""
