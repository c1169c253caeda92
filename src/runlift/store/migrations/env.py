"""Alembic environment: runs on the connection runlift hands it, inside runlift's transaction
(see store/db.py: one transaction for every revision, one migrator at a time)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from alembic import context
from alembic.runtime.migration import MigrationContext, MigrationInfo

from runlift.store.tables import Base

attributes = context.config.attributes
applied: list[str] | None = attributes.get("applied")  # db.upgrade() reports what it applied


def _applied(ctx: MigrationContext, step: MigrationInfo, heads: Collection[Any], run_args: Mapping[str, Any]) -> None:
    if applied is not None and step.is_upgrade and step.up_revision_id is not None:
        applied.append(step.up_revision_id)


context.configure(
    connection=attributes["connection"],
    target_metadata=Base.metadata,
    render_as_batch=True,
    on_version_apply=_applied,
)
with context.begin_transaction():
    context.run_migrations()
