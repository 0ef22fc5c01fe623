from django.db import migrations

SECTORS = [
    ("health", "Health"),
    ("social-care", "Social care"),
    ("housing", "Housing"),
    ("education", "Education"),
    ("local-government", "Local government"),
    ("voluntary-and-community", "Voluntary and community"),
    ("funder", "Funder"),
    ("research", "Research"),
    ("other", "Other"),
]


def add_sectors(apps, schema_editor):
    Sector = apps.get_model("members.Sector")
    for order, (slug, name) in enumerate(SECTORS):
        Sector.objects.update_or_create(slug=slug, defaults={"name": name, "order": order})


def remove_sectors(apps, schema_editor):
    apps.get_model("members.Sector").objects.filter(slug__in=[s for s, _ in SECTORS]).delete()


class Migration(migrations.Migration):
    dependencies = [("members", "0002_editors_may_publish")]

    operations = [migrations.RunPython(add_sectors, remove_sectors)]
