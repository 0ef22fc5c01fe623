"""Avatars move to the private storage (STORAGES["private"]), out of MEDIA_ROOT, so that only the
view asking the profile's visibility rule serves them. Files already uploaded move with them."""

from django.core.files.storage import default_storage, storages
from django.db import migrations, models

import members.models.profile


def move_avatars(apps, schema_editor, source=None, target=None):
    source = source or default_storage
    target = target or storages["private"]
    Profile = apps.get_model("members", "Profile")
    for name in Profile.objects.exclude(avatar="").values_list("avatar", flat=True):
        if source.exists(name) and not target.exists(name):
            with source.open(name, "rb") as picture:
                target.save(name, picture)
            source.delete(name)


def move_avatars_back(apps, schema_editor):
    move_avatars(apps, schema_editor, source=storages["private"], target=default_storage)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0008_drop_profile_visibility_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="profile",
            name="avatar",
            field=models.ImageField(
                blank=True,
                storage=members.models.profile.private_storage,
                upload_to=members.models.profile.avatar_path,
            ),
        ),
        migrations.RunPython(move_avatars, move_avatars_back, elidable=True),
    ]
