from dataclasses import dataclass

from wagtail.models import Site


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
    pages = site.root_page.get_children().live().public().in_menu().only("title", "url_path")
    items = []
    for page in pages:
        url = page.get_url(request)
        if url:
            items.append(NavigationItem(page.title, url, request.path.startswith(url)))
    return items
