from dataclasses import dataclass

from django.urls import reverse
from wagtail.models import Site

from practices.library import listed_pages_q


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
    root = site.root_page
    # Outside private sections, as `.public()` would keep, but without its query first.
    pages = root.get_children().live().exclude(listed_pages_q()).in_menu().only("title", "url_path")
    # Paths relative to the site's root page, as Wagtail's routing serves them; working them out
    # here spares a query for every site's root paths on each page view.
    return [(page.title, page.url_path[len(root.url_path) - 1 :]) for page in pages]
