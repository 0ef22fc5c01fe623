"""The context of the library's own pages, which Wagtail serves: their models' `get_context`
delegates here, so a page model never imports the queries above it."""

from practices.collection import collection_page_context
from practices.reading import practice_page_context, story_page_context


def practice_context(page, request) -> dict:
    preview = getattr(request, "is_preview", False)
    return practice_page_context(page, request.user, preview=preview)


def story_context(page, request) -> dict:
    return story_page_context(page, request.user)


def collection_context(page, request) -> dict:
    return collection_page_context(page)
