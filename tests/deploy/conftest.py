"""The deploy tests use the session's one Chromium (``browser`` in tests/conftest.py)."""
