"""The context of the library's own pages, which Wagtail serves: their models' `get_context`
delegates here, so a page model never imports the queries above it."""

from practices.collection import collection_page_context
from practices.reading import practice_page_context, story_page_context

# `?print=card`: the practice as the one-page card it prints as, for printing without
# JavaScript (the "Print this card" link leads here; static/js/print.js prints at once instead).
CARD_VIEW = ("print", "card")


def practice_context(page, request) -> dict:
    preview = getattr(request, "is_preview", False)
    context = practice_page_context(page, request.user, preview=preview)
    key, value = CARD_VIEW
    return context | {"card_view": request.GET.get(key) == value}


def story_context(page, request) -> dict:
    return story_page_context(page, request.user)


def collection_context(page, request) -> dict:
    return collection_page_context(page)
