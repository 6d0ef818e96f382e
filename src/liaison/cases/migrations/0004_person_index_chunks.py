"""The person index moves into tables of its own (PersonIndexChunk), the same on SQLite and
PostgreSQL, and the persons already held are filed in it. It replaces the pg_trgm GIN index on
Entity.match_key (migration 0002), which read the postings of every trigram of a query, those of
Nguyễn and Văn included: the match key goes with it."""

from django.db import migrations, models

GIN_INDEX = "cases_entity_match_key_trgm"


def drop_gin_index(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")


def create_gin_index(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON cases_entity USING gin (match_key gin_trgm_ops) "
            "WHERE kind = 'person'"
        )


def file_held_persons(apps, schema_editor):  # type: ignore[no-untyped-def]
    """File every person held, as person_index.file_person does one by one (in bulk here)."""
    from liaison.matching import Person
    from liaison.matching.index import chunk_rows, file_person

    entity_model = apps.get_model("cases", "Entity")
    chunk_model = apps.get_model("cases", "PersonIndexChunk")
    postings: dict = {}
    filed = 0
    persons = entity_model.objects.filter(kind="person").order_by("pk").prefetch_related("names")
    for entity in persons.iterator(chunk_size=2000):
        names = [n.name for n in sorted(entity.names.all(), key=lambda n: (n.position, n.pk))]
        person = Person(
            tuple(names or [entity.label]),
            entity.birth_date or None,
            entity.sex or None,
            entity.nationality or None,
            tuple(entity.documents or ()),
        )
        file_person(postings, entity.pk, person, person.keys())
        filed += 1
    rows = [
        chunk_model(key=key, chunk=chunk, held=held, persons=numbers)
        for key, chunk, held, numbers in chunk_rows(postings, {})
    ]
    rows.append(chunk_model(key="", chunk=0, held=filed, persons=b""))
    chunk_model.objects.bulk_create(rows, batch_size=5000)


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_field_labels_party_asked_opening_party")]

    operations = [
        migrations.RunPython(drop_gin_index, create_gin_index),
        migrations.RemoveField(model_name="entity", name="match_key"),
        migrations.CreateModel(
            name="PersonIndexChunk",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.TextField()),
                ("chunk", models.BigIntegerField()),
                ("held", models.IntegerField()),
                ("persons", models.BinaryField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("key", "chunk"), name="cases_person_index_key_chunk")
                ],
            },
        ),
        migrations.RunPython(file_held_persons, migrations.RunPython.noop),
    ]
