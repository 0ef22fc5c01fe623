from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from events.listing import GatheringFilters, browse, filter_options, visible_gatherings
from events.models import EventPage


def gatherings(request, index):
    """Called by `EventIndexPage`'s route with the index page itself: the tabs, filters,
    gatherings and pages this viewer may see, in their time zone."""
    # The options depend on the tab and on what is chosen; what is chosen is then checked
    # against them.
    asked = GatheringFilters.from_query(request.GET)
    # The visibility rule is built once for both: for a member it is four subqueries.
    visible = visible_gatherings(request.user, index)
    now = timezone.now()
    options = filter_options(request.user, asked, index, now, visible=visible)
    filters = GatheringFilters.from_query(request.GET, options)
    page_obj, months = browse(request.user, filters, index, now, visible=visible)
    response = render(
        request,
        "events/event_index_page.html",
        {
            "page": index,
            "self": index,
            "filters": filters,
            "page_obj": page_obj,
            "months": months,
            "formats": EventPage.Format.choices,
            "topics": options["topics"],
            "practices": options["practices"],
            "query": filters.query_string(),
        },
    )
    patch_vary_headers(response, ["Cookie"])
    return response
