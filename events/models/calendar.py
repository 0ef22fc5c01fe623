from django.conf import settings
from django.db import models


class CalendarFeed(models.Model):
    """A member's personal calendar feed: a secret address, stored only as its hash, that a
    calendar app polls for every gathering (and circle session) the member is going to."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_read_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Calendar feed of {self.member}"
