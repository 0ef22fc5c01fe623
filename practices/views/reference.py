"""The library's reference pages: the glossary of the shared vocabulary, and further reading
and funding at /practices/resources/."""

from django.shortcuts import render
from django.utils import timezone

from practices import library

from .library import cache_for_viewer, library_url


def glossary(request):
    response = render(
        request,
        "practices/glossary.html",
        {"letters": library.glossary(), "library_url": library_url(request)},
    )
    return cache_for_viewer(request, response)


def resources(request):
    filters = library.ResourceFilters(request.GET)
    chosen = filters.valid_values()
    response = render(
        request,
        "practices/resources.html",
        {
            "filters": filters,
            "funding": library.funding_sources(
                sector=chosen.get("sector"),
                open_now=chosen.get("funding", "open") == "open",
            ),
            "readings": library.readings(free_only=chosen.get("free", False)),
            "today": timezone.localdate(),
            "filtered": bool(chosen),
            "library_url": library_url(request),
        },
    )
    return cache_for_viewer(request, response)
