"""How fast are the gatherings with 1,000 gatherings and 50,000 replies?

    DJANGO_SETTINGS_MODULE=convening_site.test_settings .venv/bin/python bench/gatherings.py

Builds a throwaway database (a temporary SQLite file, or with DATABASE_URL set to PostgreSQL a
database named `bench_gatherings_<pid>` beside the one named there), fills it quickly, then
asks for /gatherings/ and a gathering's page as a visitor, a member and a host through Django's
test client: 20 times each, counting SQL queries and timing the server's work. Prints a table
and writes it to bench/results-gatherings.md. Takes a minute or two, most of it the
migrations. With `--slowest`, also prints each page's three slowest queries.

1,000 gatherings (about a third past, one in five members only, one in ten by invitation, a few
series, some cancelled), 5,000 members and 50,000 replies: one busy gathering has 1,000 of
them, the others about 49 each. Pages are rows written in bulk with their tree paths computed
here, as bench/library.py does.
"""

import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convening_site.test_settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

GATHERINGS = 1_000
MEMBERS = 5_000
REPLIES = 50_000
BUSY_REPLIES = 1_000
BUSY = 400  # the index of the busy gathering: upcoming and public
REPEATS = 20

WORDS = ["housing", "health", "care", "tea", "council", "river", "garden", "ward", "youth", "data"]


def main():
    started = time.perf_counter()
    setup_test_environment()
    real_name = connection.settings_dict["NAME"]
    # Never the database named in the settings: a new one, dropped at the end.
    if connection.vendor == "sqlite":
        throwaway = Path(tempfile.mkdtemp(prefix="convening-bench-")) / "gatherings.sqlite3"
        connection.settings_dict["TEST"]["NAME"] = str(throwaway)
    else:
        connection.settings_dict["TEST"]["NAME"] = f"bench_gatherings_{os.getpid()}"
    print(f"Migrating a throwaway {connection.vendor} database...", flush=True)
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        migrated = time.perf_counter()
        print(f"  {migrated - started:.0f} s. Filling the gatherings...", flush=True)
        people = fill()
        filled = time.perf_counter()
        print(f"  {filled - migrated:.0f} s. Measuring...", flush=True)
        rows = measure(people)
        report(rows, filled - migrated)
    finally:
        test_name = connection.settings_dict["NAME"]
        connection.creation.destroy_test_db(real_name, verbosity=0)
        if connection.vendor == "sqlite":
            shutil.rmtree(Path(test_name).parent, ignore_errors=True)
    print(f"Done in {time.perf_counter() - started:.0f} s.")


def fill():
    from events.models import EventIndexPage, EventPage, Rsvp
    from tests.events.factories import make_host
    from tests.factories import make_member
    from tests.practices.factories import make_library, make_practice

    settings.ALLOWED_HOSTS = ["*"]
    make_library()
    practices = [make_practice(title) for title in ("World Cafe", "Troika Consulting", "1-2-4-All")]
    host = make_host("Harriet Clarke")
    member = make_member(name="Maya Thompson")
    index = EventIndexPage.objects.get()
    with transaction.atomic():
        members = bulk_members(MEMBERS)
        ids = bulk_gatherings(index, GATHERINGS, host, practices)
        bulk_replies(ids, members)
        busy = EventPage.objects.get(pk=ids[BUSY])
        Rsvp.objects.create(event=busy, member=member, status=Rsvp.Status.GOING)
    if connection.vendor == "postgresql":
        # As autovacuum soon would on a real server: the planner needs the new tables' sizes.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"host": host, "member": member, "busy": busy}


def bulk_members(count):
    from django.contrib.auth.hashers import make_password

    from members.models import Profile, User

    no_password = make_password(None)
    users = User.objects.bulk_create(
        [
            User(email=f"bench{n}@example.org", first_name=f"Bench{n}", password=no_password)
            for n in range(count)
        ],
        batch_size=1000,
    )
    if users[0].pk is None:  # databases that do not return ids from a bulk insert
        users = list(User.objects.filter(email__startswith="bench").order_by("pk"))
    visibility = ["public", "members", "members", "private"]
    Profile.objects.bulk_create(
        [
            Profile(
                user=user,
                slug=f"bench-{n}",
                display_name=f"Bench Person {n}",
                visibility=visibility[n % 4],
                onboarding="done",
            )
            for n, user in enumerate(users)
        ],
        batch_size=1000,
    )
    return users


def bulk_gatherings(index, count, host, practices):
    """Page rows for `count` gatherings under the index, then each one's own row, its host,
    topics, practices, series and invitations."""
    from taggit.models import Tag
    from wagtail.models import Page

    from events.models import EventHost, EventPage, Invitation, Series, TaggedGathering

    index.refresh_from_db()
    content_type = ContentType.objects.get_for_model(EventPage)
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    first = index.numchild + 1
    rows = []
    for n in range(count):
        slug = f"gathering-{n}"
        rows.append(
            Page(
                title=f"Gathering {n}: {WORDS[n % 10]} and {WORDS[(n * 3) % 10]}",
                draft_title=f"Gathering {n}",
                slug=slug,
                content_type=content_type,
                path=Page._get_path(index.path, index.depth + 1, first + n),
                depth=index.depth + 1,
                numchild=0,
                url_path=f"{index.url_path}{slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=now - timedelta(days=30),
                last_published_at=now - timedelta(days=30),
                locale_id=index.locale_id,
                translation_key=uuid.uuid4(),
            )
        )
    pages = Page.objects.bulk_create(rows, batch_size=500)
    Page.objects.filter(pk=index.pk).update(numchild=index.numchild + count)
    if pages[0].pk is None:
        pages = list(Page.objects.filter(content_type=content_type).order_by("path"))
    series = [Series.objects.create(name=f"Series {n}") for n in range(5)]
    formats = ["online", "in_person", "hybrid"]
    for n, page in enumerate(pages):
        # About a third past (every nine hours from 112 days ago), the rest to come.
        starts_at = now + timedelta(hours=(n - 300) * 9)
        EventPage(
            page_ptr_id=page.pk,
            summary=f"A gathering about {WORDS[n % 10]} for systems conveners.",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=90),
            format=formats[n % 3],
            place="Leeds" if n % 3 else "",
            online_platform="Jitsi" if n % 3 != 1 else "",
            join_url="https://meet.example.org/room" if n % 3 != 1 else "",
            capacity=40 if n % 4 == 0 else None,
            visibility=_visibility(n),
            series=series[(n // 20) % 5] if n % 20 == 0 else None,
            status="cancelled" if n % 97 == 5 else "scheduled",
            status_reason="The room is no longer free." if n % 97 == 5 else "",
        ).save_base(raw=True)
    ids = [page.pk for page in pages]
    EventHost.objects.bulk_create(EventHost(event_id=pk, member=host) for pk in ids)
    Tag.objects.bulk_create([Tag(name=f"theme {n}", slug=f"theme-{n}") for n in range(20)])
    tags = list(Tag.objects.filter(slug__startswith="theme-"))
    TaggedGathering.objects.bulk_create(
        TaggedGathering(content_object_id=pk, tag=tags[index])
        for n, pk in enumerate(ids)
        for index in {n % len(tags), (n * 7 + 3) % len(tags)}
    )
    planned = EventPage.practices.through
    planned.objects.bulk_create(
        planned(eventpage_id=pk, practicepage_id=practices[n % len(practices)].pk)
        for n, pk in enumerate(ids)
        if n % 2 == 0
    )
    Invitation.objects.bulk_create(
        Invitation(
            event_id=pk,
            email=f"guest{n}-{k}@example.org",
            message="Do come.",
            invited_by=host,
        )
        for n, pk in enumerate(ids)
        if _visibility(n) == "invited"
        for k in range(5)
    )
    return ids


def _visibility(n):
    if n % 10 == 0 and n != BUSY:
        return "invited"
    if n % 5 == 1:
        return "members"
    return "public"


def bulk_replies(ids, members):
    from events.models import EventPage, Rsvp

    capacity = dict(EventPage.objects.filter(pk__in=ids).values_list("pk", "capacity"))
    others = len(ids) - 1
    per, extra = divmod(REPLIES - BUSY_REPLIES, others)
    queued = datetime.now(UTC) - timedelta(days=3)
    rows = []
    for n, pk in enumerate(ids):
        wanted = BUSY_REPLIES if n == BUSY else per + (1 if n < extra else 0)
        places = capacity[pk]
        for k in range(wanted):
            member = members[(n * 53 + k) % len(members)]
            if places is not None:
                status = Rsvp.Status.GOING if k < places else Rsvp.Status.WAITLISTED
            else:
                status = Rsvp.Status.NOT_GOING if k % 10 == 9 else Rsvp.Status.GOING
            rows.append(
                Rsvp(
                    event_id=pk,
                    member=member,
                    status=status,
                    on_attendee_list=k % 3 == 0,
                    queued_at=queued + timedelta(minutes=k)
                    if status == Rsvp.Status.WAITLISTED
                    else None,
                )
            )
    Rsvp.objects.bulk_create(rows, batch_size=2000)


def measure(people):
    visitor = Client()
    member = Client()
    member.force_login(people["member"])
    host = Client()
    host.force_login(people["host"])
    busy = people["busy"].url
    pages = [
        ("the listing", visitor, "/gatherings/"),
        ("the listing", member, "/gatherings/"),
        ("past gatherings, page 5", visitor, "/gatherings/?when=past&page=5"),
        ("in person, one topic", member, "/gatherings/?format=in_person&topic=theme-3"),
        ("one practice used, page 3", member, "/gatherings/?practice=world-cafe&page=3"),
        ("RSS", visitor, "/gatherings/feed/"),
        ("public calendar (.ics)", visitor, "/gatherings/calendar.ics"),
        ("the busy gathering (1,000 replies)", visitor, busy),
        ("the busy gathering (1,000 replies), going", member, busy),
        ("the busy gathering (1,000 replies)", host, busy),
    ]
    names = {visitor: "visitor", member: "member", host: "host"}
    rows = []
    for label, client, url in pages:
        response = client.get(url)  # the first request warms Wagtail's caches
        assert response.status_code == 200, (url, response.status_code)
        server, sql, counts = [], [], set()
        for _ in range(REPEATS):
            with CaptureQueriesContext(connection) as queries:
                began = time.perf_counter()
                client.get(url)
                server.append((time.perf_counter() - began) * 1000)
            counts.add(len(queries))
            sql.append(sum(float(query["time"]) for query in queries.captured_queries) * 1000)
        who = names[client]
        rows.append(
            (
                f"{label}, {who}",
                url,
                sorted(counts),
                statistics.median(server),
                statistics.median(sql),
            )
        )
        if "--slowest" in sys.argv:
            slowest = sorted(queries.captured_queries, key=lambda query: -float(query["time"]))
            print(f"{label}, {who}:")
            for query in slowest[:3]:
                print(f"  {float(query['time']) * 1000:6.1f} ms  {query['sql'][:600]}")
    return rows


RESULTS = ROOT / "bench" / "results-gatherings.md"
INTRODUCTION = f"""# Gatherings benchmark

{GATHERINGS:,} gatherings (a third past, some members only or by invitation, a few series) and
{REPLIES:,} replies from {MEMBERS:,} members, one gathering with {BUSY_REPLIES:,} of them,
measured with `bench/gatherings.py`: Django's test client in one process, {REPEATS} requests
per page after one to warm up, median times. The server time includes routing, the layout and
rendering the template; the SQL time is the sum of the page's queries as the database driver
reports them. The query counts do not change with the number of gatherings or replies
(tests/events/test_queries.py asserts it). One section per database; running the script again
replaces its database's section.
"""


def report(rows, fill_seconds):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
        else:
            cursor.execute("select version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    name = "SQLite" if connection.vendor == "sqlite" else connection.display_name
    lines = [
        f"## {name}",
        "",
        f"{'SQLite ' if connection.vendor == 'sqlite' else ''}{version}, "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC. Filling took {fill_seconds:.0f} s.",
        "",
        "| page | queries | server ms | SQL ms |",
        "|---|---:|---:|---:|",
    ]
    for label, url, counts, server, sql in rows:
        queries = "/".join(str(count) for count in counts)
        lines.append(f"| {label} (`{url}`) | {queries} | {server:.0f} | {sql:.0f} |")
    section = "\n".join(lines) + "\n"
    print()
    print(section)
    sections = {}
    if RESULTS.exists():
        for part in RESULTS.read_text(encoding="utf-8").split("\n## ")[1:]:
            sections[part.split("\n", 1)[0]] = "## " + part.rstrip("\n") + "\n"
    sections[name] = section
    text = INTRODUCTION + "".join("\n" + sections[key] for key in sorted(sections))
    RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
