"""Storage: SQLAlchemy 2 tables, Alembic migrations, and a Store that speaks core values."""
