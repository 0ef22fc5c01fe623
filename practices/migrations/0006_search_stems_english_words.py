"""Full-text search that reads English words by their stem on SQLite too, so that "community"
and "communities" find the same practices, as PostgreSQL's English configuration does
(`SEARCH_CONFIG` in settings).

Wagtail's search keeps its SQLite index in an FTS5 table created with FTS5's default
tokenizer, which matches words only exactly as written. A tokenizer cannot be changed on an
existing FTS5 table, so the table is made again with the Porter stemmer in front of the same
tokenizer and its rows copied over: FTS5 reads each one again as it is inserted. The triggers
that keep it up to date name the table, so they carry on. On PostgreSQL nothing is done here."""

from django.db import migrations

TABLE = "wagtailsearch_indexentry_fts"
COLUMNS = "autocomplete, body, title"


def _remake(schema_editor, tokenizer: str) -> None:
    connection = schema_editor.connection
    if connection.vendor != "sqlite" or TABLE not in connection.introspection.table_names():
        return
    copy = f"{TABLE}_copy"
    # Names of our own, never input.
    schema_editor.execute(
        f"CREATE TEMPORARY TABLE {copy} AS SELECT rowid AS id, {COLUMNS} FROM {TABLE}"  # noqa: S608
    )
    schema_editor.execute(f"DROP TABLE {TABLE}")
    schema_editor.execute(
        f"CREATE VIRTUAL TABLE {TABLE} USING fts5({COLUMNS}, tokenize = '{tokenizer}')"
    )
    schema_editor.execute(
        f"INSERT INTO {TABLE} (rowid, {COLUMNS}) SELECT id, {COLUMNS} FROM {copy}"  # noqa: S608
    )
    schema_editor.execute(f"DROP TABLE {copy}")


def stem(apps, schema_editor):
    _remake(schema_editor, "porter unicode61")


def match_exactly(apps, schema_editor):
    _remake(schema_editor, "unicode61")


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0005_library_sort_indexes"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(stem, match_exactly, elidable=False)]
