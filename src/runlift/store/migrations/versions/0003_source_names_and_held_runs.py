"""each imported set's source name; imported runs held out of the load until confirmed

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 16:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("lift_sets") as batch:
        batch.add_column(sa.Column("source_name", sa.String(length=200), nullable=True))
    with op.batch_alter_table("activities") as batch:
        batch.add_column(sa.Column("held", sa.Text(), nullable=True))
    # Imported sets from before this revision: their source name is the one mapping that points at
    # their exercise (a name shared by two mappings stays unknown: `import --map` then moves nothing).
    op.execute(
        """
        UPDATE lift_sets SET source_name = (
            SELECT MIN(n.source_name) FROM exercise_names n, lift_sessions s
            WHERE s.id = lift_sets.session_id AND n.athlete_id = s.athlete_id AND n.exercise = lift_sets.exercise
            GROUP BY n.athlete_id, n.exercise HAVING COUNT(*) = 1
        )
        WHERE session_id IN (SELECT id FROM lift_sessions WHERE source <> 'manual')
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("activities") as batch:
        batch.drop_column("held")
    with op.batch_alter_table("lift_sets") as batch:
        batch.drop_column("source_name")
