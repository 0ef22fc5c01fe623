"""Profiles saved before the time-zone list offered canonical zones only may hold an alias
("GB-Eire", "Asia/Calcutta"): rewritten as its canonical zone ("Europe/London",
"Asia/Kolkata"). Nothing to undo: the alias and its zone have the same rules."""

from django.db import migrations

from members.time_zones import rewrite_aliases


def canonical_profile_zones(apps, schema_editor):
    rewrite_aliases(apps.get_model("members", "Profile").objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0005_notification_link_mark"),
    ]

    operations = [
        migrations.RunPython(canonical_profile_zones, migrations.RunPython.noop, elidable=True),
    ]
