"""Contributions: links suggested by people who know, reviewed by moderators before they show.

``db`` (SQLAlchemy; SQLite by default, PostgreSQL by URL; Alembic migrations applied on first
use), ``accounts`` (moderators, Argon2id, expiring sessions, lock-out), ``submit`` (a
suggestion checked, limited and stored), ``review`` (the queue, accept / edit / reject / undo,
every action audit-logged and refused without a valid session), ``layer`` (accepted
contributions written as the dataset's ``sources/contributed/`` layer), ``upstream``
(QuickStatements for Wikidata editors).
"""
