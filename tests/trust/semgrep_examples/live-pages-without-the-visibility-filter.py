# ruff: noqa
# Examples of the semgrep rule live-pages-without-the-visibility-filter.
from django.shortcuts import get_object_or_404
from wagtail.models import Page

from events.models import EventPage
from practices.library import listed_pages_q
from practices.models import PracticeIndexPage, PracticePage


def newest():
    return Page.objects.live().order_by("-first_published_at")[:10]  # bad


def used_at(event):
    return list(event.harvest_practices.live())  # bad


def practice_options(ids):
    return PracticePage.objects.live().filter(pk__in=ids).order_by("title")  # bad


def public_newest():
    return Page.objects.live().public().order_by("-first_published_at")[:10]


def listed(ids):
    return PracticePage.objects.live().exclude(listed_pages_q()).filter(pk__in=ids)


def upcoming(viewer):
    return EventPage.objects.live().filter(status="planned").visible_to(viewer)


def the_library():
    return PracticeIndexPage.objects.live().first()


def one_practice(slug):
    return get_object_or_404(PracticePage.objects.live(), slug=slug)
