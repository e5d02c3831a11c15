"""The deploy tests use the browser tests' Chromium (no network beyond the machine)."""

from tests.browser.conftest import browser  # noqa: F401  (a fixture)
