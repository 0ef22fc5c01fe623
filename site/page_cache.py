"""Whole pages for visitors who are not signed in: Django's per-site cache, purged through
Wagtail's frontend cache.

Most readers of the library and the gatherings are not signed in, and they all see the same
page. With PAGE_CACHE_SECONDS set (it is, with REDIS_URL), Django's own cache middleware keeps
those pages in the shared cache, within three limits that keep anything personal out of it:
- only a GET or HEAD that carries no cookie at all is served from the cache or stored in it: a
  member's session, a CSRF token or a message always gets a page made for that request;
- only the public reading views in PUBLIC_VIEWS are stored, and only at an address without a
  query string (a filtered library page is made afresh, so every copy is one a purge reaches);
- a response that says `private` is never stored, and every response to a signed-in member says
  so, with `Vary: Cookie`, so no proxy hands one member's page to another (`PrivateForMembers`,
  on with or without the cache).

A change purges the pages it shows on, not everything: Wagtail purges a page when it is
published or unpublished, each app purges the pages a change of its own shows on
(`purge`, from its signals or services), and
`PageCacheBackend` is the frontend cache backend that drops those addresses from this cache
(beside a CDN's backend, when one is configured). Pages also expire after PAGE_CACHE_SECONDS,
for what changes with the clock alone (a gathering becoming past).
"""

import io
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost, MiddlewareNotUsed
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.dispatch import receiver
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware
from django.utils import timezone, translation
from django.utils.cache import get_cache_key, patch_cache_control, patch_vary_headers
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.signals import page_published, page_unpublished

# Says where a visitor's page came from: "hit" (the cache) or "miss" (made and stored), for the
# benchmark and for anyone looking at a response.
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


# The name of our backend in WAGTAILFRONTENDCACHE (settings).
PAGE_CACHE = "pages"


def purge(pages=(), paths=()) -> None:
    """Once the transaction commits, purge `pages` (each with its own sub-addresses, Wagtail's
    `get_cached_paths`) and the site `paths` (e.g. "/gatherings/calendar.ics") from every
    frontend cache, the page cache included. Nothing to do, and no task queued, when none is
    configured."""
    if not settings.WAGTAILFRONTENDCACHE:
        return
    pages = [page for page in pages if page is not None]
    base = settings.SITE_URL.rstrip("/")

    def send():
        batch = PurgeBatch()
        batch.add_pages(pages)
        batch.add_urls(base + path for path in paths)
        # Wagtail sends purges through a background task, right for a CDN; our page cache is
        # the Redis every machine reads, so its entries go at once, before the response.
        if PAGE_CACHE in settings.WAGTAILFRONTENDCACHE:
            PageCacheBackend({}).purge_batch(batch.urls)
        others = [name for name in settings.WAGTAILFRONTENDCACHE if name != PAGE_CACHE]
        if others:
            batch.purge(backends=others)

    transaction.on_commit(send)


@receiver(page_published, dispatch_uid="page_cache.purge_the_listings")
@receiver(page_unpublished, dispatch_uid="page_cache.purge_the_listings_too")
def purge_the_listings(sender, instance, **kwargs):
    """A page going live or away changes itself, the listing it is in (its parent) and what
    the home page shows. (Wagtail purges the page too, through its task, for a CDN.)"""
    if settings.WAGTAILFRONTENDCACHE:
        site = instance.get_site()
        purge(pages=[instance, instance.get_parent(), site.root_page if site else None])


def _page_cache_on():
    if not settings.PAGE_CACHE_SECONDS:
        raise MiddlewareNotUsed


class StorePageForVisitors(UpdateCacheMiddleware):
    """Outermost: stores what `FetchPageForVisitors` let through and a public view answered."""

    def __init__(self, get_response):
        _page_cache_on()
        super().__init__(get_response)

    def process_response(self, request, response):
        match = getattr(request, "resolver_match", None)
        if match is None or match.view_name not in PUBLIC_VIEWS:
            return response
        response = super().process_response(request, response)
        if _for_the_cache(request) and response.status_code == 200:
            response[HEADER] = "miss"
        return response


class FetchPageForVisitors(FetchFromCacheMiddleware):
    """Just inside WhiteNoise, so a page from the cache skips the session, the user and the
    view. A request with a cookie or a query string is left alone, and then
    `StorePageForVisitors` does not store its answer either."""

    def __init__(self, get_response):
        _page_cache_on()
        super().__init__(get_response)

    def process_request(self, request):
        if not _for_the_cache(request):
            return None
        response = super().process_request(request)
        if response is not None:
            response[HEADER] = "hit"
        return response


def _for_the_cache(request) -> bool:
    return not request.COOKIES and not request.META.get("QUERY_STRING")


class PrivateForMembers:
    """Every response to a signed-in member is private to their browser, cache or no cache:
    no proxy or CDN may keep a page made for one member and hand it to another."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ["Cookie"])
        return response


class PageCacheBackend(BaseBackend):
    """Wagtail's frontend cache backend for the page cache above: a purged address is dropped
    for every host the site answers to, so the next visitor gets a page made afresh."""

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        cache = caches[settings.CACHE_MIDDLEWARE_ALIAS]
        prefix = settings.CACHE_MIDDLEWARE_KEY_PREFIX
        keys = []
        # Keys name the language and the time zone active when the page was stored: a
        # visitor's, the site's defaults.
        with translation.override(settings.LANGUAGE_CODE), timezone.override(None):
            for request in _requests_for(urls):
                for method in ("GET", "HEAD"):
                    key = get_cache_key(request, prefix, method, cache)
                    if key:
                        keys.append(key)
        cache.delete_many(keys)


def _requests_for(urls):
    """Bare requests for each address, on the host it names and on SITE_URL's host (the
    Wagtail site's own host may differ from the one people use), without a Cookie header and
    with an empty one: both mean no cookies, and Django keys them apart."""
    site = urlsplit(settings.SITE_URL)
    for url in urls:
        parts = urlsplit(url)
        for scheme, host in {(parts.scheme, parts.netloc), (site.scheme, site.netloc)}:
            name, _, port = host.partition(":")
            environ = {
                "REQUEST_METHOD": "GET",
                "PATH_INFO": parts.path or "/",
                "HTTP_HOST": host,
                "SERVER_NAME": name,
                "SERVER_PORT": port or ("443" if scheme == "https" else "80"),
                "wsgi.url_scheme": scheme,
                "wsgi.input": io.BytesIO(),
            }
            if settings.SECURE_PROXY_SSL_HEADER:  # behind a TLS proxy, the scheme it said
                header, value = settings.SECURE_PROXY_SSL_HEADER
                environ[header] = value if scheme == "https" else "http"
            for cookies in ({}, {"HTTP_COOKIE": ""}):
                request = WSGIRequest({**environ, **cookies})
                try:
                    request.get_host()
                except DisallowedHost:
                    break
                yield request
