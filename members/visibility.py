"""The words every app uses for who may see something. Each model with restricted content has a
QuerySet method `visible_to(user)`; this module only names the levels."""

from django.db import models


class Visibility(models.TextChoices):
    PUBLIC = "public", "Anyone, including visitors"
    MEMBERS = "members", "Signed-in members"
    CIRCLE = "circle", "My circle"
    INVITED = "invited", "Invited people"
    PRIVATE = "private", "Only me"


# What a member can choose for their profile and each of its sensitive fields.
PROFILE_CHOICES = [
    (Visibility.PUBLIC, "Anyone, including visitors"),
    (Visibility.MEMBERS, "Signed-in members"),
    (Visibility.PRIVATE, "Hidden: only me (and the site's staff)"),
]

# From most open to least: a field is never shown more widely than its profile.
_OPENNESS = {Visibility.PUBLIC: 2, Visibility.MEMBERS: 1, Visibility.PRIVATE: 0}


def narrowest(*levels: str) -> str:
    return min(levels, key=lambda level: _OPENNESS[Visibility(level)])
