""" "Where do I start?" at /practices/start/."""

from django.shortcuts import render

from practices.chooser import WhereToStart, suggest

from .library import cache_for_viewer, library_url


def where_to_start(request):
    form = WhereToStart(request.GET or None)
    answers = form.answers()
    url = library_url(request)
    response = render(
        request,
        "practices/where_to_start.html",
        {
            "form": form,
            "suggestions": suggest(answers, library_url=url) if answers else None,
            "library_url": url,
        },
    )
    return cache_for_viewer(request, response)
