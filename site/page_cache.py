"""Whole pages for visitors who are not signed in, kept in the shared cache.

Most readers of the library and the gatherings are not signed in, and they all see the same
page. Serving it from the cache (Redis when REDIS_URL is set, so every web process shares it)
skips the database, the page tree and the template.

What may be cached is decided twice, to stay on the safe side:
- the request: a GET with no session or messages cookie, for a public page of the page tree or
  one of the public reading views below (never /me/, circles, members, secret links or forms);
- the response: a 200 that sets no cookie (so no CSRF token and no session were handed out),
  does not say private or no-store, and was made for an anonymous viewer.

Every entry carries the content generation it was made in (`content_cache`). Any write to
content starts a new generation, so the next request renders afresh: a published
practice, an edited facet or a new reply shows at once. Entries also expire after
PAGE_CACHE_SECONDS, for what changes with time alone (a gathering becoming past).

If the cache is down, pages are rendered as if nothing were cached.
"""

import functools
import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import Resolver404, get_urlconf, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers

from .content_cache import GENERATION_KEY, current_generation, request_memo

logger = logging.getLogger(__name__)

HEADER = "X-Page-Cache"

# Views whose answer is the same for every visitor who is not signed in.
PUBLIC_VIEWS = {
    "wagtail_serve",
    "practices:start",
    "practices:glossary",
    "practices:resources",
    "practices:feed",
    "practices:atom_feed",
    "events:public_calendar",
    "events:gathering_ics",
    "sitemap",
    "robots_txt",
}


def _may_read(request) -> bool:
    if request.method != "GET":
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return _public_view(get_urlconf() or settings.ROOT_URLCONF, request.path_info)


@functools.lru_cache(maxsize=4096)
def _public_view(urlconf: str, path: str) -> bool:
    """Whether `path` is served by a public reading view. Kept per process: a page address
    resolves by walking every route of the site (a third of the time of a page from the
    cache), and the routes never change while the process runs."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return False
    return match.view_name in PUBLIC_VIEWS


def _may_store(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _key(request) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return "page-cache:" + hashlib.sha256(address.encode()).hexdigest()


class PageCacheMiddleware:
    """Serves and stores anonymous pages; marks every signed-in response private.

    It sits just inside WhiteNoise, so a cached page skips the session, the user and the view,
    and the headers of the inner middleware (the content security policy) are stored with it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        memo = request_memo.set({})
        try:
            return self._serve(request)
        finally:
            request_memo.reset(memo)

    def _serve(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not _may_read(request):
            return self._private_if_signed_in(request, self.get_response(request))
        try:
            key = _key(request)
            found = cache.get_many([GENERATION_KEY, key])
        except Exception:
            # A disallowed Host header (the inner middleware answers it) or the cache is down.
            return self.get_response(request)
        generation = found.get(GENERATION_KEY) or current_generation()
        request_memo.get()["generation"] = generation
        entry = found.get(key)
        if entry and entry["generation"] == generation:
            response = HttpResponse(entry["content"], status=200)
            for name, value in entry["headers"]:
                response[name] = value
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if _may_store(request, response):
            entry = {
                "generation": generation,
                "content": response.content,
                "headers": [(k, v) for k, v in response.items() if k.lower() != HEADER.lower()],
            }
            try:
                cache.set(key, entry, timeout=seconds)
            except Exception:
                logger.warning("Page cache: could not store a page", exc_info=True)
            response[HEADER] = "miss"
        return self._private_if_signed_in(request, response)

    @staticmethod
    def _private_if_signed_in(request, response):
        # No proxy or CDN may keep a page made for one member and hand it to another.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ["Cookie"])
        return response
