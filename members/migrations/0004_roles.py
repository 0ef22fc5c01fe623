"""Roles are groups. Members (every verified person), Hosts (gatherings; their page permissions
arrive with the gatherings index), Facilitators (circles are run from the front end, so no admin)
and Editors (Wagtail's group: the library, plus looking after members and reports in the admin).

Permission rows are created here when missing, because Django only creates them after all
migrations have run (post_migrate), and a fresh database runs this one before that."""

from django.db import migrations

# (app_label, model, codename, name), for the permissions this migration hands out.
ACCESS_ADMIN = ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")
VIEW_PROFILE = ("members", "profile", "view_profile", "Can view profile")
VIEW_REPORT = ("members", "report", "view_report", "Can view report")
CHANGE_REPORT = ("members", "report", "change_report", "Can change report")
DEACTIVATE_MEMBER = (
    "members",
    "profile",
    "deactivate_member",
    "Can deactivate a member's account",
)

GROUPS = {
    "Members": [],
    "Hosts": [ACCESS_ADMIN],
    "Facilitators": [],
    "Editors": [ACCESS_ADMIN, VIEW_PROFILE, VIEW_REPORT, CHANGE_REPORT, DEACTIVATE_MEMBER],
}
# Groups this migration brings into being, and so may take away again. "Members" is not one:
# the email-confirmation signal has been filling it since accounts began.
NEW_GROUPS = ["Hosts", "Facilitators"]
# Editors had access to the admin before this migration (Wagtail's initial data gives it).
GRANTED_TO_EDITORS = [VIEW_PROFILE, VIEW_REPORT, CHANGE_REPORT, DEACTIVATE_MEMBER]


def permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    found, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return found


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    for name, permissions in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*(permission(apps, *p) for p in permissions))


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    Group.objects.filter(name__in=NEW_GROUPS).delete()
    editors = Group.objects.filter(name="Editors").first()
    for app_label, model, codename, _name in GRANTED_TO_EDITORS:
        granted = Permission.objects.filter(
            content_type__app_label=app_label, content_type__model=model, codename=codename
        )
        if editors:
            editors.permissions.remove(*granted)
    # Not declared on the model, so nothing else would ever remove it.
    _app_label, model, codename, _name = DEACTIVATE_MEMBER
    Permission.objects.filter(
        content_type__app_label="members", content_type__model=model, codename=codename
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0003_sectors"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        # These give "choose" permissions to every group with admin access; running after them
        # keeps Hosts to exactly what is granted here, on fresh and old databases alike.
        ("wagtailimages", "0023_add_choose_permissions"),
        ("wagtaildocs", "0011_add_choose_permissions"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
