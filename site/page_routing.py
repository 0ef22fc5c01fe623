"""Wagtail's routing, in fewer queries.

For each page view Wagtail looks up the site (one query), its root page and that page's own kind
(two more), then walks the path one slug at a time, two queries a level (the page, then its
kind). The answers only change when content changes, so they are kept in the cache until content
changes (`content_cache.remember`): a page moved, renamed, unpublished or deleted is never looked
for in its old place.

Two more of Wagtail's habits are shortened by `install_shortcuts()` (from SiteConfig.ready): it
reads the site's root paths from the shared cache each time a page's address is worked out
without the request (a round trip each, several a page), and it asks the database for the view
restrictions of every page it serves, though almost no page has any.
"""

from django.contrib.contenttypes.models import ContentType
from django.http.request import split_domain_port
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname

from .content_cache import remember


class CachedSiteMiddleware:
    """Hands Wagtail the request's site, with its root page and that page's kind, from the cache.

    Wagtail keeps the site it finds on the request (`request._wagtail_site`) for everything else
    that asks during the request; this fills that place before Wagtail looks.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        site = _site_for(request)
        if site is not None:
            request._wagtail_site = site
        return self.get_response(request)


def _site_for(request):
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()

    def site():
        try:
            found = get_site_for_hostname(hostname, port)
        except Site.DoesNotExist:
            return None
        found.root_page = found.root_page.specific
        return found

    return remember(f"site:{hostname}:{port}", site)


def page_at(root: Page, path_components: list[str]):
    """The page at `path_components` under `root`, as its specific kind, from the cache (two
    queries when it has none); None when no page has that path (Wagtail then routes as usual,
    e.g. to a page's own sub-routes such as a feed)."""
    url_path = root.url_path + "/".join(path_components) + "/"
    found = remember(
        f"page-at:{url_path}",
        lambda: Page.objects.filter(url_path=url_path).values_list("content_type", "pk").first(),
    )
    if found is None:
        return None
    content_type, pk = found
    model = ContentType.objects.get_for_id(content_type).model_class()
    # The page itself, as it was when this generation began: saving any page starts a new one.
    return remember(f"page:{pk}", lambda: model._default_manager.filter(pk=pk).first())


def install_shortcuts() -> None:
    wagtail_root_paths = Site.get_site_root_paths
    wagtail_view_restrictions = Page.get_view_restrictions

    def get_site_root_paths():
        # Saving a site starts a new generation, as Wagtail clears its own copy.
        return remember("wagtail-site-root-paths", wagtail_root_paths)

    def get_view_restrictions(page):
        if not _may_be_restricted(page):
            return PageViewRestriction.objects.none()
        return wagtail_view_restrictions(page)

    Site.get_site_root_paths = staticmethod(get_site_root_paths)
    Page.get_view_restrictions = get_view_restrictions


def _may_be_restricted(page: Page) -> bool:
    """False only when no view restriction sits on the page or above it. An alias takes its
    source's restrictions, which its path does not show: with any alias in the tree, Wagtail
    decides."""
    known = remember(
        "view-restrictions",
        lambda: {
            "paths": list(PageViewRestriction.objects.values_list("page__path", flat=True)),
            "aliases": Page.objects.filter(alias_of__isnull=False).exists(),
        },
    )
    return known["aliases"] or any(page.path.startswith(path) for path in known["paths"])
