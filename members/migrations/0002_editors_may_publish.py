"""Editors curate the library, so they publish as well as add and edit (Wagtail's default
Editors group can only submit for moderation)."""

from django.db import migrations


def grant_publish(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")

    page_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    publish, _ = Permission.objects.get_or_create(
        content_type=page_type, codename="publish_page", defaults={"name": "Publish any page"}
    )
    editors, _ = Group.objects.get_or_create(name="Editors")
    root = Page.objects.get(depth=1)
    GroupPagePermission.objects.get_or_create(group=editors, page=root, permission=publish)


def revoke_publish(apps, schema_editor):
    apps.get_model("wagtailcore.GroupPagePermission").objects.filter(
        group__name="Editors", permission__codename="publish_page", page__depth=1
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(grant_publish, revoke_publish)]
