"""The library at /practices/: practices and stories, filtered, searched and sorted."""

from django.contrib.messages import get_messages
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control, patch_vary_headers

from practices import fragments
from practices.library import LibraryFilters, browse, matches_on_other_shelf
from practices.models import PracticeIndexPage

# Long enough to spare the database when a link is shared widely, short enough that a newly
# published practice soon appears.
PUBLIC_MAX_AGE = 300


def library(request, page):
    """Called by `PracticeIndexPage`'s route with the index page itself."""
    html, filtered = fragments.cached(
        "library-html", (page.pk, request.get_full_path()), lambda: _content(request, page)
    )
    response = render(
        request,
        "practices/practice_index_page.html",
        {"page": page, "self": page, "library_html": html, "filtered": filtered},
    )
    return cache_for_viewer(request, response)


def _content(request, page) -> tuple[str, bool]:
    """The library's content for the question in the address, and whether it was filtered:
    the same for every reader (nothing in it depends on who asks), and it costs more to work
    out and render (hundreds of filter options with their counts) than the rest of the page."""
    filters = LibraryFilters(request.GET)
    results = browse(filters)
    html = render_to_string(
        "practices/includes/library.html",
        {
            "page": page,
            "filters": filters,
            "results": results,
            "other_shelf_matches": matches_on_other_shelf(results),
        },
        request=request,
    )
    return html, bool(results.active)


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
    """The address of the library page, wherever editors put it (a cached fragment)."""

    def find():
        library = PracticeIndexPage.objects.live().first()
        return (library and library.get_url(request)) or "/practices/"

    return fragments.cached("library-url", (request.get_host(),), find)
