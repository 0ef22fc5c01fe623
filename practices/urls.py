"""Member actions and library tools under /practices/. The library itself (/practices/) and each
practice, story and collection are Wagtail pages; these routes sit beside them."""

from django.urls import path

from .views import chooser, pictures, records, reference, submissions
from .views.feeds import LatestAtomFeed, LatestRssFeed

app_name = "practices"

urlpatterns = [
    path("practices/start/", chooser.where_to_start, name="start"),
    path("practices/glossary/", reference.glossary, name="glossary"),
    path("practices/resources/", reference.resources, name="resources"),
    path("practices/feed/", LatestRssFeed(), name="feed"),
    path("practices/feed/atom/", LatestAtomFeed(), name="atom_feed"),
    path("practices/share-a-story/", submissions.submit_story, name="submit_story"),
    path("practices/suggest-a-practice/", submissions.suggest_practice, name="suggest_practice"),
    path("practices/pictures/<path:name>", pictures.picture, name="picture"),
    path("practices/<slug:slug>/save/", records.save_practice, name="save"),
    path("practices/<slug:slug>/unsave/", records.unsave_practice, name="unsave"),
    path("practices/<slug:slug>/used/", records.record_use, name="record_use"),
]
