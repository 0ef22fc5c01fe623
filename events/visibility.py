"""Who may see a gathering: the one rule, used by every listing, feed, search and page."""

from django.db import models

from members.visibility import Visibility


class GatheringVisibility(models.TextChoices):
    PUBLIC = Visibility.PUBLIC.value, "Public: anyone, including visitors"
    MEMBERS = Visibility.MEMBERS.value, "Members only: signed-in, verified members"
    INVITED = Visibility.INVITED.value, "Invitation only: hosts and invited people"
