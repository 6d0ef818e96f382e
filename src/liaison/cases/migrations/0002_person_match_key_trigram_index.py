"""On PostgreSQL, a pg_trgm GIN index on the persons' match keys (the person index's candidates);
on SQLite nothing: the embedded default keeps its trigram index in process."""

from django.db import migrations

INDEX = "cases_entity_match_key_trgm"


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON cases_entity USING gin (match_key gin_trgm_ops) "
        "WHERE kind = 'person'"
    )


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_cases_entities_requests_hit_queries")]

    operations = [migrations.RunPython(create, drop)]
