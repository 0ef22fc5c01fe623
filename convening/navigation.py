from dataclasses import dataclass

from django.urls import reverse
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
    links = [(page.title, page.get_url(request)) for page in pages]
    if request.user.is_authenticated:
        links.append(("Members", reverse("members:directory")))
    return [NavigationItem(title, url, request.path.startswith(url)) for title, url in links if url]
