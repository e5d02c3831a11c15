"""Rate-limit indexes: a visitor's recent submissions by (session, time) and (address, time).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.create_index("ix_submissions_session_created", ["session_key", "created"])
        batch.create_index("ix_submissions_address_created", ["address", "created"])


def downgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.drop_index("ix_submissions_address_created")
        batch.drop_index("ix_submissions_session_created")
