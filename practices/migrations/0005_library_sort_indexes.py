"""Indexes for the orders the library lists pages in: A to Z (by lower-cased title) and newest
first. Both columns are on Wagtail's page table, which this app cannot declare indexes for in
its models, so they are created here. With them PostgreSQL reads the first page of 5,000
practices in order from the index (0.3 ms) instead of sorting them all (18 ms).

Newest first is `first_published_at DESC NULLS LAST`; PostgreSQL needs the index in that
order to use it, while SQLite (which has no NULLS LAST in an index) puts NULLs first when
ascending, so a backward scan of a plain index gives it the same order."""

from django.db import migrations

INDEXES = {
    "practices_page_lower_title": ("lower(title)", "lower(title)"),
    "practices_page_newest": ("first_published_at DESC NULLS LAST", "first_published_at"),
}


def create(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for name, (on_postgres, elsewhere) in INDEXES.items():
        expression = on_postgres if postgres else elsewhere
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON wagtailcore_page ({expression})"
        )


def drop(apps, schema_editor):
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0004_editors_curate_library"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create, drop)]
