"""Demo accounts. Their passwords are published on purpose: this runs only for local demos."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from .models import User

DEMO_EDITOR = ("editor@convening.example", "demo-editor-password", "Esther", "Okafor")


def load(out):
    email, password, first_name, last_name = DEMO_EDITOR
    editor, created = User.objects.get_or_create(
        email=email,
        defaults={"first_name": first_name, "last_name": last_name, "is_staff": True},
    )
    if created:
        editor.set_password(password)
        editor.save()
    EmailAddress.objects.update_or_create(
        user=editor, email=email, defaults={"verified": True, "primary": True}
    )
    editor.groups.add(Group.objects.get(name="Editors"))
    out.write(f"  Editor (Wagtail admin at /admin/): {email} / {password}")
