"""accounts for multi-user mode: users, athlete owners, sessions, API tokens, password resets,
coach invitations, login failures (issue #12)

Only new tables: nothing an existing table holds changes.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 21:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

MOMENT = sa.DateTime(timezone=True)


def _secret_table(name: str, *columns: sa.schema.SchemaItem) -> None:
    """A table of hashed secrets belonging to a user (sessions, tokens, resets)."""
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        *columns,
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("secret_hash"),
    )
    op.create_index(op.f(f"ix_{name}_user_id"), name, ["user_id"], unique=False)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email"),
        sa.CheckConstraint("email = lower(email)", name="ck_users_email_lower"),
    )
    op.create_table(
        "athlete_owners",
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["athlete_id"], ["athletes.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("athlete_id"),
    )
    op.create_index(op.f("ix_athlete_owners_user_id"), "athlete_owners", ["user_id"], unique=False)
    _secret_table(
        "user_sessions",
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("expires_at", MOMENT, nullable=False),
    )
    _secret_table(
        "api_tokens",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("scope", sa.String(length=5), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("last_used_at", MOMENT, nullable=True),
        sa.Column("revoked_at", MOMENT, nullable=True),
        sa.CheckConstraint("scope IN ('read', 'write')", name="ck_api_tokens_scope"),
    )
    _secret_table(
        "password_resets",
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("expires_at", MOMENT, nullable=False),
        sa.Column("used_at", MOMENT, nullable=True),
    )
    op.create_table(
        "coach_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coach_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("invited_at", MOMENT, nullable=False),
        sa.Column("accepted_at", MOMENT, nullable=True),
        sa.Column("revoked_at", MOMENT, nullable=True),
        sa.ForeignKeyConstraint(["athlete_id"], ["athletes.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["coach_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.CheckConstraint("status IN ('invited', 'accepted', 'revoked')", name="ck_coach_invitations_status"),
        sa.CheckConstraint("status <> 'accepted' OR athlete_id IS NOT NULL", name="ck_coach_invitations_athlete"),
    )
    op.create_index("ix_coach_invitations_athlete_status", "coach_invitations", ["athlete_id", "status"])
    op.create_index("ix_coach_invitations_coach_status", "coach_invitations", ["coach_id", "status"])
    op.create_index(op.f("ix_coach_invitations_email"), "coach_invitations", ["email"])
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=False),
        sa.Column("at", MOMENT, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_login_failures_email_ip_at", "login_failures", ["email", "ip", "at"])


def downgrade() -> None:
    op.drop_table("login_failures")
    op.drop_table("coach_invitations")
    op.drop_table("password_resets")
    op.drop_table("api_tokens")
    op.drop_table("user_sessions")
    op.drop_table("athlete_owners")
    op.drop_table("users")
