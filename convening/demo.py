"""Demo pages in the words of the community's own survey (see shared/context/), from
`data/demo/pages.yaml`. The demo circles are the circles app's (convening/circles/demo.py)."""

from pathlib import Path

import yaml
from wagtail.models import Site

from .models import HomePage, StandardPage

PAGES = Path(__file__).resolve().parent / "data" / "demo" / "pages.yaml"


def load(out):
    site = Site.objects.get(is_default_site=True)
    home = HomePage.objects.get(pk=site.root_page_id)
    pages = yaml.safe_load(PAGES.read_text(encoding="utf-8"))
    # Pages that already have content are left alone, so a rerun keeps editors' changes.
    if not home.body:
        home.introduction = pages["home"]["introduction"]
        home.body = pages["home"]["body"]
        home.save_revision().publish()

    spec = pages["about"]
    if not StandardPage.objects.child_of(home).filter(slug=spec["slug"]).exists():
        about = home.add_child(
            instance=StandardPage(
                title=spec["title"],
                slug=spec["slug"],
                show_in_menus=True,
                introduction=spec["introduction"],
                body=spec["body"],
            )
        )
        about.save_revision().publish()
    out.write("  Home page and About page")
