"""sets indexed by (session, position): the next set's position is one index lookup (#12)

A set logged by hand takes the position after the session's last one, max(position) + 1, read from
this index while the athlete's row is held (store/changes.py). The old index on session_id alone made
that a scan of the session's sets (counting them), which grew with the day; the new one serves
every query the old one did (session_id is its first column).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 13:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_lift_sets_session_position", "lift_sets", ["session_id", "position"])
    op.drop_index("ix_lift_sets_session_id", table_name="lift_sets")


def downgrade() -> None:
    op.create_index("ix_lift_sets_session_id", "lift_sets", ["session_id"])
    op.drop_index("ix_lift_sets_session_position", table_name="lift_sets")
