"""Replace Wagtail's placeholder "Welcome" page with our HomePage, and point the site at it."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("convening.HomePage")
    Locale = apps.get_model("wagtailcore.Locale")

    Page.objects.filter(
        content_type__app_label="wagtailcore", content_type__model="page", depth=2, slug="home"
    ).delete()
    Site.objects.all().delete()

    content_type, _ = ContentType.objects.get_or_create(app_label="convening", model="homepage")
    home = HomePage.objects.create(
        title="Convening",
        draft_title="Convening",
        slug="home",
        content_type=content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        live=True,
        locale=Locale.objects.order_by("pk").first(),
        introduction="A community of practice for people who bring others together to change how public systems work.",
    )
    Page.objects.filter(depth=1).update(numchild=1)

    site_url = urlsplit(settings.SITE_URL)
    default_port = 443 if site_url.scheme == "https" else 80
    Site.objects.create(
        hostname=site_url.hostname or "localhost",
        port=site_url.port or default_port,
        site_name="Convening",
        root_page=home,
        is_default_site=True,
    )


def remove_home_page(apps, schema_editor):
    apps.get_model("convening.HomePage").objects.filter(depth=2, slug="home").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("convening", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_home_page, remove_home_page)]
