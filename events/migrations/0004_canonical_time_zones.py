"""Gatherings saved before the time-zone list offered canonical zones only may hold an alias
("GB-Eire", "Asia/Calcutta"): the live rows are rewritten as its canonical zone. Revisions keep
what they were saved with; publishing an old one again goes through the form, which shows and
saves the canonical zone. Nothing to undo: the alias and its zone have the same rules."""

from django.db import migrations

from members.time_zones import rewrite_aliases


def canonical_gathering_zones(apps, schema_editor):
    rewrite_aliases(apps.get_model("events", "EventPage").objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_series_created_by"),
    ]

    operations = [
        migrations.RunPython(canonical_gathering_zones, migrations.RunPython.noop, elidable=True),
    ]
