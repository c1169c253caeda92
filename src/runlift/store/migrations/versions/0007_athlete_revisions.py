"""a revision counter on each athlete and a journal of the days its writes changed (plan cache keys)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 21:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# Revisions start at a random number per athlete (store/tables.py): an athlete removed and another
# added under the same id (SQLite reuses the highest id) never meets the first one's cached plans.
RANDOM_START = {
    "sqlite": "abs(random()) % 4503599627370496",
    "postgresql": "floor(random() * 4503599627370496)::bigint",
}


def upgrade() -> None:
    with op.batch_alter_table("athletes") as batch:
        batch.add_column(sa.Column("revision", sa.BigInteger(), nullable=False, server_default="0"))
    op.create_table(
        "athlete_changes",
        sa.Column("athlete_id", sa.Integer(), sa.ForeignKey("athletes.id", ondelete="CASCADE"), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("athlete_id", "day", name="pk_athlete_changes"),
    )
    dialect = op.get_bind().dialect.name
    op.execute(f"UPDATE athletes SET revision = {RANDOM_START.get(dialect, '0')}")
    # every athlete already stored: one change that reaches every day (no cached plan predates it)
    op.execute(
        "INSERT INTO athlete_changes (athlete_id, day, revision) SELECT id, '0001-01-01', revision FROM athletes"
    )


def downgrade() -> None:
    op.drop_table("athlete_changes")
    with op.batch_alter_table("athletes") as batch:
        batch.drop_column("revision")
