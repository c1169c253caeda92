"""session moves: the runner moved a planned lift session to another day of its week (#13)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 01:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "session_moves",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("athlete_id", sa.Integer(), sa.ForeignKey("athletes.id", ondelete="CASCADE"), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=False),
        sa.Column("moved_to", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("athlete_id", "planned_on", name="uq_session_moves_athlete_planned"),
    )
    op.create_index("ix_session_moves_athlete_id", "session_moves", ["athlete_id"])


def downgrade() -> None:
    op.drop_index("ix_session_moves_athlete_id", table_name="session_moves")
    op.drop_table("session_moves")
