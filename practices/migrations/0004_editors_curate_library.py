"""Editors curate the library's snippets: the facets, concepts, readings and funding sources
(add, change, delete, view), and the competencies, which come from the standard (change and
view only: they may reword a title or a description).

Permission rows are created when missing, because Django only creates them after all migrations
have run (post_migrate), and a fresh database runs this one before that."""

from django.db import migrations

# model name: its verbose name, for the permission's human name
CURATED = {
    "purpose": "purpose",
    "phase": "phase",
    "tradition": "tradition",
    "scale": "scale",
    "participation": "participation",
    "perspective": "perspective",
    "concept": "concept",
    "reading": "reading",
    "fundingsource": "funding source",
}
CURATED_ACTIONS = ["add", "change", "delete", "view"]
STANDARD = {"competency": "competency"}
STANDARD_ACTIONS = ["change", "view"]


def granted():
    for actions, models in [(CURATED_ACTIONS, CURATED), (STANDARD_ACTIONS, STANDARD)]:
        for model, verbose_name in models.items():
            for action in actions:
                yield model, f"{action}_{model}", f"Can {action} {verbose_name}"


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    editors, _ = Group.objects.get_or_create(name="Editors")
    for model, codename, name in granted():
        content_type, _ = ContentType.objects.get_or_create(app_label="practices", model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        editors.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    editors = Group.objects.filter(name="Editors").first()
    if editors is None:
        return
    for model, codename, _name in granted():
        editors.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="practices", content_type__model=model, codename=codename
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0002_facets_and_competencies"),
        ("practices", "0003_editors_moderate_stories"),
        ("members", "0004_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
