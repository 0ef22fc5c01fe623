"""The library at /practices/: practices and stories, filtered, searched and sorted."""

from django.contrib.messages import get_messages
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers

from practices.library import LibraryFilters, browse, matches_on_other_shelf
from practices.models import PracticeIndexPage

# Long enough to spare the database when a link is shared widely, short enough that a newly
# published practice soon appears.
PUBLIC_MAX_AGE = 300


def library(request, page):
    """Called by `PracticeIndexPage`'s route with the index page itself: the practices or
    stories for the question in the address, the same for every reader."""
    filters = LibraryFilters(request.GET)
    # Looked up once: every link on the page (cards, filters, pages of results) starts here.
    url = page.get_url(request)
    results = browse(filters, library_url=url)
    response = render(
        request,
        "practices/practice_index_page.html",
        {
            "page": page,
            "self": page,
            "library_url": url,
            "filters": filters,
            "results": results,
            "filtered": bool(results.active),
            "other_shelf_matches": matches_on_other_shelf(results),
        },
    )
    return cache_for_viewer(request, response)


def cache_for_viewer(request, response):
    """A page everyone sees alike may be cached anywhere; one showing a member's name or a
    message meant for one person is private to their browser."""
    if request.user.is_authenticated or len(get_messages(request)):
        patch_cache_control(response, private=True)
    else:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    patch_vary_headers(response, ["Cookie"])
    return response


def library_url(request) -> str:
    """The address of the library page, wherever editors put it."""
    library = PracticeIndexPage.objects.live().first()
    return (library and library.get_url(request)) or "/practices/"
