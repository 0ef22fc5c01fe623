import hashlib

from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers

from convening_site.content_cache import remember
from events.listing import GatheringFilters, browse, filter_options
from events.models import EventPage

# Which gatherings are upcoming changes with the clock, not only with content: a kept listing
# is worked out again after a minute at most.
LISTING_SECONDS = 60


def gatherings(request, index):
    """Called by `EventIndexPage`'s route with the index page itself. The listing (tabs,
    filters, gatherings, pages) is kept until content changes, for a minute at most, for each
    address and viewer: visitors share one copy, a member has their own (the gatherings they
    may see, in their time zone)."""
    viewer = request.user.pk if request.user.is_authenticated else "visitor"
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    html = remember(
        f"gatherings-listing:{index.pk}:{viewer}:{address}",
        lambda: _listing(request, index),
        LISTING_SECONDS,
    )
    response = render(
        request,
        "events/event_index_page.html",
        {"page": index, "self": index, "listing_html": html},
    )
    # Signed-in responses are made private by `page_cache.PageCacheMiddleware`.
    patch_vary_headers(response, ["Cookie"])
    return response


def _listing(request, index) -> str:
    # The options depend on the tab and on what is chosen; what is chosen is then checked
    # against them.
    asked = GatheringFilters.from_query(request.GET)
    options = filter_options(request.user, asked, index)
    filters = GatheringFilters.from_query(request.GET, options)
    page_obj, months = browse(request.user, filters, index)
    return render_to_string(
        "events/includes/listing.html",
        {
            "page": index,
            "filters": filters,
            "page_obj": page_obj,
            "months": months,
            "formats": EventPage.Format.choices,
            "topics": options["topics"],
            "practices": options["practices"],
            "query": filters.query_string(),
        },
        request=request,
    )
