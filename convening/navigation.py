from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from wagtail.models import Page, Site


@dataclass(frozen=True)
class NavigationItem:
    title: str
    url: str
    current: bool


def main_navigation(request) -> list[NavigationItem]:
    """Pages marked "show in menus" under the home page; the one being read is current."""
    site = Site.find_for_request(request)
    if site is None:
        return []
    links = list(_menu_pages(site))
    if request.user.is_authenticated:
        links.append(("Members", reverse("members:directory")))
        links.append(("Circles", reverse("circles:circles")))
    return [NavigationItem(title, url, request.path.startswith(url)) for title, url in links if url]


def _menu_pages(site) -> list[tuple[str, str]]:
    """Live menu pages under the site's root page, outside private sections, as
    `listed_pages_q` keeps: a page under a view restriction on itself, on the root page or
    on one above it is left out. One plain query reads the menu pages and the root's
    ancestry, each row with its restrictions (a join), and the rule is applied to those rows
    here: the correlated subquery that `listed_pages_q` writes costs more to build than this
    whole query."""
    root = site.root_page
    ancestry = [root.path[:end] for end in range(Page.steplen, len(root.path) + 1, Page.steplen)]
    rows = list(
        Page.objects.filter(
            Q(path__in=ancestry)
            | Q(depth=root.depth + 1, path__startswith=root.path, live=True, show_in_menus=True)
        )
        .order_by("path")
        .values_list("depth", "title", "url_path", "view_restrictions")
    )
    if any(restriction for depth, _, _, restriction in rows if depth <= root.depth):
        return []
    restricted = {url_path for depth, _, url_path, restriction in rows if restriction}
    # Paths relative to the site's root page, as Wagtail's routing serves them; working them out
    # here spares a query for every site's root paths on each page view.
    return [
        (title, url_path[len(root.url_path) - 1 :])
        for depth, title, url_path, _ in rows
        if depth > root.depth and url_path not in restricted
    ]
