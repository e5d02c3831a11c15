"""Alembic's environment: run on the connection ``db.migrate`` hands over (batch mode)."""

from __future__ import annotations

from alembic import context

from sistermap.contrib.db import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
