"""Moderation: suggestions reviewed behind a log-in (``python -m sistermap moderator add``)."""

from __future__ import annotations

from sistermap.app import appdata, moderation, sidebar

sidebar.ensure_app_navigation(__file__)

# Moderators review against the shared dataset, never a list this session uploaded.
moderation.render(appdata.curated())
