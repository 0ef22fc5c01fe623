from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed

from events.listing import visible_gatherings

ITEMS = 50


class GatheringsFeed(Feed):
    """RSS of upcoming public gatherings: nothing members-only or by invitation, whoever asks
    (a feed reader's copy is public)."""

    def __init__(self, index):
        super().__init__()
        self.index = index
        self.request = None

    def __call__(self, request, *args, **kwargs):
        # Kept so links are built with Wagtail's per-request cache of site root paths.
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return f"{self.index.title} · Convening"

    def link(self):
        return self.index.get_url(self.request) or "/gatherings/"

    def description(self):
        return self.index.introduction or "Upcoming gatherings of the Convening community."

    def items(self):
        return visible_gatherings(AnonymousUser(), self.index).upcoming()[:ITEMS]

    def item_title(self, item):
        return f"Cancelled: {item.title}" if item.is_cancelled else item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_guid(self, item):
        return f"{settings.SITE_URL}/gatherings/{item.pk}"

    item_guid_is_permalink = False
