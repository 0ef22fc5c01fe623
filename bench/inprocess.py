"""The in-process half of `make bench`: run by bench/pages.py once per size, in its own process,
with the environment the gunicorn servers get without a shared cache (DEBUG off, the
benchmark's database, no REDIS_URL: the site's cache is one in each process) and nothing cached:
that cache is emptied before every request, so no request is helped by an earlier one (issue
#15's "with no cache of any kind"). Within a request Wagtail still keeps what it looks up for
itself (the sites' root paths), as it does in every deployment: Django's dummy cache would make
that a query for every link, which no site runs with.

    python bench/inprocess.py --size demo --out bench/.work/demo.json [--targets targets.json]

Chooses what to measure (from the targets seed_scale wrote, else from the database), signs the
member in (a real session, so gunicorn accepts the cookie), makes their calendar-feed address,
then asks each page through Django's test client: two requests to warm up, then REPEATS counted
and timed. Signs in a few other members too, the writers of bench/activity.py, and names what
they change. Writes JSON for bench/pages.py: the pages with their queries, bytes and times, the
cookies (session and CSRF token), the writers, and the home page's CSS and JavaScript.
"""

import argparse
import gzip
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convening_site.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

REPEATS = int(os.environ.get("BENCH_REPEATS", "20"))
DEMO_MEMBER = "member@convening.example"
# Members making bench/activity.py's writes: at 5 a second, one write every 2 seconds each.
WRITERS = 10


def read_seed_targets(document: dict) -> dict:
    """The targets `seed_scale --targets PATH` wrote, under the names used here."""
    urls = document.get("urls", {})
    found = {
        "member_email": document.get("member", {}).get("email"),
        "practice_url": urls.get("practice"),
        "gathering_url": urls.get("gathering"),
        "calendar_feed_url": urls.get("calendar_feed"),
        "filters_url": urls.get("practices_filtered"),
        "search_url": urls.get("search"),
    }
    return {key: value for key, value in found.items() if value}


def choose_targets(seeded: dict) -> dict:
    """What to ask for: seed_scale's targets where it named them, the busiest of each kind in
    the database otherwise (the demo data has no targets file)."""
    from events.models import EventPage
    from members.models import Sector, User
    from practices.models import PracticePage, Purpose

    targets = {}
    member = (
        User.objects.filter(email__iexact=seeded.get("member_email", DEMO_MEMBER)).first()
        or User.objects.filter(email__iexact=DEMO_MEMBER).first()
    )
    if member is None:
        member = (
            User.objects.filter(is_active=True, is_staff=False, is_superuser=False)
            .annotate(bench_circles=Count("circle_memberships"))
            .order_by("-bench_circles", "pk")
            .first()
        )
    targets["member"] = member

    practice_url = seeded.get("practice_url")
    if not practice_url:
        practice = (
            PracticePage.objects.live()
            .public()
            .annotate(bench_stories=Count("story_uses"))
            .order_by("-bench_stories", "pk")
            .first()
        )
        practice_url = practice.url
    targets["practice_url"] = practice_url

    gathering_url = seeded.get("gathering_url")
    if not gathering_url:
        gathering = (
            EventPage.objects.live()
            .public()
            .filter(visibility="public", starts_at__gte=timezone.now())
            .annotate(bench_replies=Count("rsvps"))
            .order_by("-bench_replies", "starts_at")
            .first()
        ) or EventPage.objects.live().public().filter(visibility="public").first()
        gathering_url = gathering.url
    targets["gathering_url"] = gathering_url

    filters = seeded.get("filters_url")
    if not filters:
        purpose = (
            Purpose.objects.annotate(bench_n=Count("practices", filter=Q(practices__live=True)))
            .order_by("-bench_n", "pk")
            .first()
        )
        sector = (
            Sector.objects.annotate(bench_n=Count("practices", filter=Q(practices__live=True)))
            .order_by("-bench_n", "pk")
            .first()
        )
        filters = f"/practices/?purpose={purpose.slug}&sector={sector.slug}"
    targets["filters_url"] = filters
    targets["search_url"] = seeded.get("search_url") or "/practices/?q=community"
    targets["calendar_feed_url"] = seeded.get("calendar_feed_url")
    return targets


def pages(targets: dict, feed_url: str) -> list[dict]:
    anon, member = "visitor", "member"
    return [
        {"key": "home", "label": "home", "who": anon, "url": "/"},
        {"key": "library", "label": "library", "who": anon, "url": "/practices/"},
        {"key": "filters", "label": "filtered", "who": anon, "url": targets["filters_url"]},
        {"key": "practice", "label": "a practice", "who": anon, "url": targets["practice_url"]},
        {"key": "search", "label": "search", "who": anon, "url": targets["search_url"]},
        {"key": "gatherings", "label": "gatherings", "who": anon, "url": "/gatherings/"},
        {"key": "gathering", "label": "a gathering", "who": anon, "url": targets["gathering_url"]},
        {"key": "members", "label": "members", "who": member, "url": "/members/"},
        {"key": "circles", "label": "circles", "who": member, "url": "/circles/"},
        {"key": "me", "label": "my space", "who": member, "url": "/me/"},
        {"key": "portfolio", "label": "portfolio", "who": member, "url": "/me/portfolio/"},
        # The feed is read by calendar apps with the secret address alone, no session; it holds
        # the member's own gatherings, so it counts against the member budget.
        {"key": "feed", "label": "calendar feed (.ics)", "who": "feed", "url": feed_url},
    ]


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def measure(page: dict, client: Client) -> dict:
    # The first requests warm Python's and the database's caches, and settle the browser's
    # cookies (a member's first page may hand out a CSRF cookie).
    client.get(page["url"])
    response = client.get(page["url"])
    content = body(response)
    server, sql, counts = [], [], set()
    for _ in range(REPEATS):
        cache.clear()  # nothing kept from the requests before
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            body(client.get(page["url"]))
            server.append((time.perf_counter() - began) * 1000)
        counts.add(len(queries))
        sql.append(sum(float(query["time"]) for query in queries.captured_queries) * 1000)
    return {
        **page,
        "status": response.status_code,
        "content_type": response.get("Content-Type", ""),
        "bytes": len(content),
        "queries": sorted(counts),
        "server_ms": statistics.median(server),
        "sql_ms": statistics.median(sql),
    }


ASSET = re.compile(
    r"<(?:link[^>]*\brel=\"stylesheet\"[^>]*\bhref|script[^>]*\bsrc)=\"([^\"]+)\"", re.I
)


def home_weight(html: bytes) -> dict:
    """The home page before images: its HTML and the CSS and JavaScript it links to, as stored
    (uncompressed) and as whitenoise sends them compressed (gzip)."""
    assets = []
    for url in ASSET.findall(html.decode("utf-8", "replace")):
        if not url.startswith(settings.STATIC_URL):
            assets.append({"url": url, "bytes": None, "gzip": None})
            continue
        path = Path(settings.STATIC_ROOT) / url.removeprefix(settings.STATIC_URL).split("?")[0]
        data = path.read_bytes()
        assets.append({"url": url, "bytes": len(data), "gzip": len(gzip.compress(data))})
    return {
        "html": len(html),
        "html_gzip": len(gzip.compress(html)),
        "assets": assets,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--targets", help="the file seed_scale --targets wrote for this size")
    parser.add_argument(
        "--filters-from",
        help="a targets file of another size: use its filtered library and search addresses "
        "here too, so both sizes ask for the same",
    )
    args = parser.parse_args()
    seeded = {}
    if args.targets and Path(args.targets).exists():
        seeded = read_seed_targets(json.loads(Path(args.targets).read_text(encoding="utf-8")))
    elif args.filters_from and Path(args.filters_from).exists():
        other = read_seed_targets(json.loads(Path(args.filters_from).read_text(encoding="utf-8")))
        # The same filters and the same search at both sizes, so their times compare.
        seeded = {key: other[key] for key in ["filters_url", "search_url"] if key in other}

    from events.views.calendar import new_feed_token

    cache.clear()
    targets = choose_targets(seeded)
    member = targets["member"]
    feed_url = targets["calendar_feed_url"]
    if not feed_url:
        feed_url = f"/gatherings/calendar/{new_feed_token(member)}.ics"
    # The host gunicorn answers to, so the page carries the same links as there.
    host = {"HTTP_HOST": os.environ.get("BENCH_HOST", "127.0.0.1")}
    visitor = Client(**host)
    signed_in = Client(**host)
    signed_in.force_login(member)
    clients = {"visitor": visitor, "member": signed_in, "feed": visitor}

    results = []
    for page in pages(targets, feed_url):
        print(f"  {args.size}: {page['label']} ({page['url']})", flush=True)
        results.append(measure(page, clients[page["who"]]))
    home = next(page for page in results if page["key"] == "home")
    out = {
        "size": args.size,
        "vendor": connection.vendor,
        "member_email": member.email,
        # What the member's browser sends after these pages: the session and the CSRF cookie.
        "cookie": cookie_header(signed_in),
        "pages": results,
        "activity": activity(targets, member, host),
        "home_weight": home_weight(body(visitor.get(home["url"]))),
        "counts": counts(),
    }
    Path(args.out).write_text(json.dumps(out, indent=2), encoding="utf-8")


def cookie_header(client: Client) -> str:
    return "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())


def activity(targets: dict, member, host: dict) -> dict:
    """For bench/activity.py: members other than the one whose pages are read, signed in, with
    the addresses of what they change: their reply to the gathering the benchmark reads, the
    practice it reads on their list, their profile."""
    from events.models import EventPage
    from members.models import User, is_verified_member
    from practices.models import PracticePage

    gathering = page_at(EventPage, targets["gathering_url"])
    practice = page_at(PracticePage, targets["practice_url"])
    candidates = (
        User.objects.filter(is_active=True, is_staff=False, is_superuser=False)
        .exclude(pk=member.pk)
        .order_by("pk")
    )
    writers = []
    profile_url = reverse("members:edit_profile")
    for user in candidates.iterator():
        if len(writers) == WRITERS:
            break
        # Only members who may reply to the gathering: a refused reply changes nothing.
        may_reply = EventPage.objects.visible_to(user).filter(pk=gathering.pk).exists()
        if not is_verified_member(user) or not may_reply:
            continue
        client = Client(**host)
        client.force_login(user)
        # Their profile form, as their browser would first load it: it hands out the CSRF cookie.
        if client.get(profile_url).status_code != 200:
            continue
        writers.append(
            {
                "email": user.email,
                "cookie": cookie_header(client),
                "csrf": client.cookies[settings.CSRF_COOKIE_NAME].value,
            }
        )
    return {
        "writers": writers,
        "urls": {
            "gathering": targets["gathering_url"],
            "reply": reverse("events:reply", args=[gathering.pk]),
            "practice": targets["practice_url"],
            "save": reverse("practices:save", args=[practice.slug]),
            "unsave": reverse("practices:unsave", args=[practice.slug]),
            "profile": profile_url,
        },
    }


def page_at(model, url: str):
    """The live page of `model` at `url` (a slug is unique only among siblings)."""
    slug = url.rstrip("/").rsplit("/", 1)[-1]
    return next(page for page in model.objects.live().filter(slug=slug) if page.url == url)


def counts() -> dict:
    """How big this community is, for the report."""
    from bench.scale.community import community_counts

    return community_counts()


if __name__ == "__main__":
    main()
