"""The Alembic migrations and the SQLAlchemy models describe the same schema, in one chain."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from portcullis.core.db import Base
from portcullis.core.migrate import alembic_config
from portcullis.domains import load_domains


def test_the_migrated_database_matches_the_models(engine: Engine) -> None:
    load_domains()
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == [], "models and migrations disagree: run `portcullis db revision`:\n" + "\n".join(
        str(d) for d in differences
    )


def test_the_migrations_form_a_single_chain() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    heads = script.get_heads()
    assert len(heads) == 1, f"more than one head: {heads}; link the new migration after the current head"
