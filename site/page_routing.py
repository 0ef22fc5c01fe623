"""Wagtail's routing, in fewer queries.

For each page view Wagtail looks up the site (one query), its root page and that page's own kind
(two more), then walks the path one slug at a time, two queries a level (the page, then its
kind). The answers only change when content changes, so they are kept in the cache until content
changes (`content_cache.remember`): a page moved, renamed, unpublished or deleted is never looked
for in its old place.
"""

from django.contrib.contenttypes.models import ContentType
from django.http.request import split_domain_port
from wagtail.models import Page, Site
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
    """The page at `path_components` under `root`, as its specific kind, in at most one query;
    None when no page has that path (Wagtail then routes as usual, e.g. to a page's own sub-routes
    such as a feed)."""
    url_path = root.url_path + "/".join(path_components) + "/"
    found = remember(
        f"page-at:{url_path}",
        lambda: Page.objects.filter(url_path=url_path).values_list("content_type", "pk").first(),
    )
    if found is None:
        return None
    content_type, pk = found
    model = ContentType.objects.get_for_id(content_type).model_class()
    return model._default_manager.filter(pk=pk).first()
