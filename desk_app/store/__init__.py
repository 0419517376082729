"""Storage: SQLAlchemy tables, engine and migrations. Importing the package registers every
table (shared and workstation-only) on one metadata, so Alembic and tests see the whole schema."""

from desk_app.store import local, models

__all__ = ["local", "models"]
