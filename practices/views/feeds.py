"""RSS and Atom feeds of what is new in the library: practices and stories, newest first.

Only what anyone may read is in them: live pages with no view restriction on them or above
them. Drafts, stories in moderation and members-only pages never are.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from wagtail.models import Page

from practices.models import PracticePage, StoryPage
from practices.submissions import page_url

FEED_LENGTH = 30


def newest_public_pages():
    """The newest practices and stories anyone may read, by first publication."""
    return (
        Page.objects.live()
        .public()
        .type(PracticePage, StoryPage)
        .exclude(first_published_at=None)
        .order_by("-first_published_at", "-pk")
        .specific()[:FEED_LENGTH]
    )


class LatestRssFeed(Feed):
    title = "Convening: new practices and stories"
    description = "New practices and stories in the Convening library."

    def link(self):
        return settings.SITE_URL + "/practices/"

    def items(self):
        return newest_public_pages()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return page_url(item)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.first_published_at

    def item_categories(self, item):
        return ["Story" if isinstance(item, StoryPage) else "Practice"]


class LatestAtomFeed(LatestRssFeed):
    feed_type = Atom1Feed
    subtitle = LatestRssFeed.description
