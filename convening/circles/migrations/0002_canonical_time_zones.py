"""Circles saved before the time-zone list offered canonical zones only may hold an alias
("GB-Eire", "Asia/Calcutta"): rewritten as its canonical zone. Nothing to undo: the alias and
its zone have the same rules."""

from django.db import migrations

from members.time_zones import rewrite_aliases


def canonical_circle_zones(apps, schema_editor):
    rewrite_aliases(apps.get_model("circles", "Circle").objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("circles", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(canonical_circle_zones, migrations.RunPython.noop, elidable=True),
    ]
