"""Pictures members sent with their stories move to the private storage, out of MEDIA_ROOT, so that
only the view asking the story's own rules serves them (convening.shared.storage). A file is
private by its name, so each one already uploaded gets a new private name; the sizes Wagtail made
of it are deleted, to be made again (privately) when next shown."""

import posixpath

from django.core.files.storage import default_storage, storages
from django.db import migrations

from convening.shared.storage import is_private_picture, private_picture_name

MEMBER_UPLOADS = "Member uploads"


def make_member_pictures_private(apps, schema_editor):
    Image = apps.get_model("wagtailimages", "Image")
    Rendition = apps.get_model("wagtailimages", "Rendition")
    public = storages["media"]
    for image in Image.objects.filter(collection__name=MEMBER_UPLOADS):
        old = image.file.name
        if is_private_picture(old) or not public.exists(old):
            continue
        extension = old.rsplit(".", 1)[-1].lower()
        with public.open(old, "rb") as content:
            new = default_storage.save(
                posixpath.join(posixpath.dirname(old), private_picture_name(extension)), content
            )
        image.file.name = new
        image.save(update_fields=["file"])
        for rendition in Rendition.objects.filter(image=image):
            public.delete(rendition.file.name)
            rendition.delete()
        public.delete(old)


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0005_library_sort_indexes"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.RunPython(
            make_member_pictures_private, migrations.RunPython.noop, elidable=True
        ),
    ]
