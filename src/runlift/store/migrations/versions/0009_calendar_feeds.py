"""calendar feeds: a private, revocable token URL that serves an athlete's plan as ICS

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 23:25:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_feeds",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("athlete_id", sa.Integer(), sa.ForeignKey("athletes.id", ondelete="CASCADE"), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("token_hash", name="uq_calendar_feeds_token_hash"),
    )
    op.create_index("ix_calendar_feeds_athlete_id", "calendar_feeds", ["athlete_id"])


def downgrade() -> None:
    op.drop_index("ix_calendar_feeds_athlete_id", table_name="calendar_feeds")
    op.drop_table("calendar_feeds")
