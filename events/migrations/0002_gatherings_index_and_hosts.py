"""The gatherings index at /gatherings/, what helps people take part, and the Hosts' rights.

Hosts may add gatherings under the index and publish them, and edit the gatherings they own
(Wagtail's "add" permission covers one's own pages). Editors already hold their rights at the
root of the tree, so they edit every gathering."""

from django.db import migrations

ACCESS_PROVISIONS = [
    ("step-free", "Step-free access"),
    ("captions", "Live captions"),
    ("bsl", "British Sign Language interpreter"),
    ("hearing-loop", "Hearing loop"),
    ("quiet-room", "A quiet room or space"),
    ("breaks", "Regular breaks"),
    ("dietary", "Food for dietary needs"),
    ("caring", "Fits around caring responsibilities"),
    ("materials-in-advance", "Materials shared in advance"),
    ("cameras-optional", "Cameras optional online"),
]

HOST_PERMISSIONS = ["add_page", "publish_page"]


def create(apps, schema_editor):
    AccessProvision = apps.get_model("events", "AccessProvision")
    for order, (slug, name) in enumerate(ACCESS_PROVISIONS):
        AccessProvision.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})

    HomePage = apps.get_model("convening", "HomePage")
    home = HomePage.objects.filter(depth=2).order_by("path").first()
    if home is None:
        return
    EventIndexPage = apps.get_model("events", "EventIndexPage")
    index = EventIndexPage.objects.first()
    if index is None:
        ContentType = apps.get_model("contenttypes", "ContentType")
        Page = apps.get_model("wagtailcore", "Page")
        content_type, _ = ContentType.objects.get_or_create(
            app_label="events", model="eventindexpage"
        )
        last = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
        last = last.order_by("-path").first()
        next_step = int(last.path[-4:], 36) + 1 if last else 1
        path = home.path + _encode(next_step)
        index = EventIndexPage.objects.create(
            title="Gatherings",
            draft_title="Gatherings",
            slug="gatherings",
            content_type=content_type,
            path=path,
            depth=home.depth + 1,
            numchild=0,
            url_path=f"{home.url_path}gatherings/",
            live=True,
            locale_id=home.locale_id,
            show_in_menus=True,
            introduction="Regular gatherings, online and in person, that mix getting to know "
            "each other with structured conversation. Everyone is welcome.",
        )
        Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    page_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    group = Group.objects.filter(name="Hosts").first()
    if group is not None:
        for codename in HOST_PERMISSIONS:
            permission, _ = Permission.objects.get_or_create(
                content_type=page_type,
                codename=codename,
                defaults={"name": f"Can {codename.split('_')[0]} page"},
            )
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=index.pk, permission=permission
            )


def _encode(number):
    # Wagtail's treebeard paths: four base-36 digits a level.
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    for _ in range(4):
        number, rest = divmod(number, 36)
        out = digits[rest] + out
    return out


def remove(apps, schema_editor):
    apps.get_model("events", "EventIndexPage").objects.all().delete()
    apps.get_model("events", "AccessProvision").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("convening", "0002_create_home_page"),
        ("members", "0004_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create, remove)]
