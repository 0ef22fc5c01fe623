"""Placeholder: being built."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed


class LatestRssFeed(Feed):
    title = "Convening: new practices and stories"
    link = "/practices/"
    description = "New practices and stories in the Convening library."

    def items(self):
        return []


class LatestAtomFeed(LatestRssFeed):
    feed_type = Atom1Feed
    subtitle = LatestRssFeed.description
