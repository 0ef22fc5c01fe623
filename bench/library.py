"""How fast is the library with 2,000 practices and 2,000 stories?

    DJANGO_SETTINGS_MODULE=convening_site.test_settings .venv/bin/python bench/library.py

Builds a throwaway database (a temporary SQLite file, or with DATABASE_URL set to PostgreSQL a
database named `bench_library_<pid>` beside the one named there), fills it quickly, then
asks the library for a handful of typical pages through Django's test client: 20 times each,
counting SQL queries and timing the server's work. Prints a table and writes it to
bench/results-library.md. Takes one to three minutes, most of it the migrations. With
`--slowest`, also prints each page's three slowest queries.

Pages are made the quick way: a few with Wagtail's `add_child`, the rest as rows written in
bulk with their tree paths computed here, then added to the search index in bulk.
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

PRACTICES = 2_000
STORIES = 2_000
REPEATS = 20

PAGES = [
    ("the whole library", "/practices/"),
    ("one purpose and one tradition", "/practices/?purpose=map-the-system&tradition=soft-systems"),
    (
        "five facets, most used, page 3",
        "/practices/?purpose=map-the-system&purpose=find-leverage&tradition=soft-systems"
        "&tradition=complexity&sector=health&time=half-a-day&time=a-day&kind=method"
        "&sort=most-used&page=3",
    ),
    ("search, a common word", "/practices/?q=system"),
    ("search, a rare word, with a facet", "/practices/?q=lighthouse&purpose=reflect"),
    ("stories, sector and practice", "/practices/?show=stories&sector=health&practice=practice-7"),
    ("stories, newest first", "/practices/?show=stories&sort=newest&page=10"),
    (
        "Where do I start?",
        "/practices/start/?purpose=map-the-system&situation=contested&time=day&people=12",
    ),
    ("a practice page, used by many stories", "/practices/practice-7/"),
    ("a story page", "/practices/story-7/"),
]

WORDS = [
    "system",
    "boundary",
    "feedback",
    "listening",
    "river",
    "kitchen",
    "tenants",
    "ward",
    "council",
    "garden",
]


def main():
    started = time.perf_counter()
    setup_test_environment()
    real_name = connection.settings_dict["NAME"]
    # Never the database named in the settings: a new one, dropped at the end.
    if connection.vendor == "sqlite":
        throwaway = Path(tempfile.mkdtemp(prefix="convening-bench-")) / "library.sqlite3"
        connection.settings_dict["TEST"]["NAME"] = str(throwaway)
    else:
        connection.settings_dict["TEST"]["NAME"] = f"bench_library_{os.getpid()}"
    print(f"Migrating a throwaway {connection.vendor} database...", flush=True)
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        migrated = time.perf_counter()
        print(f"  {migrated - started:.0f} s. Filling the library...", flush=True)
        fill()
        filled = time.perf_counter()
        print(f"  {filled - migrated:.0f} s. Measuring...", flush=True)
        rows = measure()
        report(rows, filled - migrated)
    finally:
        test_name = connection.settings_dict["NAME"]
        connection.creation.destroy_test_db(real_name, verbosity=0)
        if connection.vendor == "sqlite":
            shutil.rmtree(Path(test_name).parent, ignore_errors=True)
    print(f"Done in {time.perf_counter() - started:.0f} s.")


def fill():
    from members.models import Sector, User
    from practices.models import (
        Competency,
        Participation,
        Phase,
        PracticeUse,
        Purpose,
        Scale,
        Tradition,
    )
    from tests.practices.factories import make_collection, make_library, make_practice

    settings.ALLOWED_HOSTS = ["*"]
    library = make_library()
    # A few made the ordinary way, as templates for the rest and for a collection.
    seeds = [
        make_practice(f"Seed practice {n}", purposes=["map-the-system"], minutes_max=60)
        for n in range(3)
    ]
    make_collection("First mapping workshop", practices=seeds)

    vocab = {
        "purposes": list(Purpose.objects.all()),
        "phases": list(Phase.objects.all()),
        "traditions": list(Tradition.objects.all()),
        "scales": list(Scale.objects.all()),
        "participation": list(Participation.objects.all()),
        "sectors": list(Sector.objects.all()),
        "competencies": list(Competency.objects.all()),
    }
    with transaction.atomic():
        practices = bulk_practices(library, PRACTICES, vocab)
        bulk_stories(library, STORIES, practices, vocab)
        members = [
            User.objects.create_user(email=f"bench{n}@example.org", password=None)
            for n in range(40)
        ]
        PracticeUse.objects.bulk_create(
            PracticeUse(member=member, practice_id=practices[(n * 37 + i * 11) % len(practices)])
            for n, member in enumerate(members)
            for i in range(25)
        )
    index_in_bulk()
    if connection.vendor == "postgresql":
        # As autovacuum soon would on a real server: the planner needs the new tables' sizes.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def page_rows(library, model, count, prefix):
    """Page rows for `count` new children of the library, with their tree paths."""
    from wagtail.models import Page

    library.refresh_from_db()
    content_type = ContentType.objects.get_for_model(model)
    first = library.numchild + 1
    now = datetime.now(UTC)
    pages = []
    for n in range(count):
        slug = f"{prefix}-{n}"
        published = now - timedelta(hours=n * 7)
        pages.append(
            Page(
                title=f"{prefix.title()} {n}: {WORDS[n % len(WORDS)]} and {WORDS[(n * 3) % 10]}",
                draft_title=f"{prefix.title()} {n}",
                slug=slug,
                content_type=content_type,
                path=Page._get_path(library.path, library.depth + 1, first + n),
                depth=library.depth + 1,
                numchild=0,
                url_path=f"{library.url_path}{slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=published,
                last_published_at=published,
                locale_id=library.locale_id,
                translation_key=uuid.uuid4(),
            )
        )
    created = Page.objects.bulk_create(pages, batch_size=500)
    Page.objects.filter(pk=library.pk).update(numchild=library.numchild + count)
    if created[0].pk is None:  # databases that do not return ids from a bulk insert
        created = list(Page.objects.filter(content_type=content_type, slug__startswith=prefix))
    return created


def save_child_rows(objects):
    # Multi-table pages cannot be bulk-created: write only the child table's row for each.
    for obj in objects:
        obj.save_base(raw=True)


def bulk_practices(library, count, vocab):
    from taggit.models import Tag

    from practices.models import PracticePage, TaggedPractice

    pages = page_rows(library, PracticePage, count, "practice")
    kinds = [value for value, _ in PracticePage.Kind.choices]
    spans = ["activity", "workshop", "workshop", "workshop", "sessions", "programme"]
    save_child_rows(
        PracticePage(
            page_ptr_id=page.pk,
            kind=kinds[n % len(kinds)],
            summary=f"A way to work with {WORDS[n % 10]} and {WORDS[(n * 7) % 10]}"
            + (" near a lighthouse" if n % 97 == 0 else ""),
            makes_possible=f"<p>People see the {WORDS[(n * 3) % 10]} differently.</p>",
            minutes_min=10 + n % 50,
            minutes_max=20 + (n * 13) % 500,
            span=spans[n % len(spans)],
            group_min=2 + n % 5,
            group_max=8 + (n * 7) % 60,
            online=n % 3 == 0,
            hybrid=n % 5 == 0,
        )
        for n, page in enumerate(pages)
    )
    ids = [page.pk for page in pages]
    for relation, options, per in [
        ("purposes", vocab["purposes"], 2),
        ("phases", vocab["phases"], 1),
        ("traditions", vocab["traditions"], 1),
        ("scales", vocab["scales"], 2),
        ("participation", vocab["participation"], 1),
        ("sectors", vocab["sectors"], 2),
        ("competencies", vocab["competencies"], 3),
    ]:
        link_many(PracticePage, relation, ids, options, per)
    Tag.objects.bulk_create([Tag(name=f"theme {n}", slug=f"theme-{n}") for n in range(60)])
    tags = list(Tag.objects.filter(slug__startswith="theme-"))
    TaggedPractice.objects.bulk_create(
        TaggedPractice(content_object_id=pk, tag=tags[index])
        for n, pk in enumerate(ids)
        for index in {n % len(tags), (n * 7 + 3) % len(tags)}
    )
    return ids


def bulk_stories(library, count, practice_ids, vocab):
    from taggit.models import Tag

    from practices.models import StoryPage, StoryPractice, TaggedStory

    pages = page_rows(library, StoryPage, count, "story")
    save_child_rows(
        StoryPage(
            page_ptr_id=page.pk,
            summary=f"What happened with the {WORDS[n % 10]} in a place like ours.",
            situation=f"<p>The {WORDS[(n * 3) % 10]} was stuck.</p>",
            what_we_did="<p>We met, listened and drew the system.</p>",
            what_happened="<p>Some things changed.</p>",
            what_we_learned="<p>Go slowly.</p>",
            place=["Leeds", "Bristol", "Glasgow", "Cardiff", "Belfast"][n % 5],
        )
        for n, page in enumerate(pages)
    )
    ids = [page.pk for page in pages]
    link_many(StoryPage, "sectors", ids, vocab["sectors"], 2)
    link_many(StoryPage, "competencies", ids, vocab["competencies"], 2)
    StoryPractice.objects.bulk_create(
        StoryPractice(story_id=pk, practice_id=practice_ids[index])
        for n, pk in enumerate(ids)
        for index in {n % len(practice_ids), (n * 3 + 1) % len(practice_ids)}
    )
    tags = list(Tag.objects.filter(slug__startswith="theme-"))
    TaggedStory.objects.bulk_create(
        TaggedStory(content_object_id=pk, tag=tags[n % len(tags)]) for n, pk in enumerate(ids)
    )


def link_many(model, relation, ids, options, per):
    field = model._meta.get_field(relation)
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    through.objects.bulk_create(
        (
            through(**{f"{source}_id": pk, f"{target}_id": options[(n + k * 3) % len(options)].pk})
            for n, pk in enumerate(ids)
            for k in range(per)
        ),
        ignore_conflicts=True,
        batch_size=1000,
    )


def index_in_bulk():
    from wagtail.search.backends import get_search_backend

    from practices.models import PracticePage, StoryPage

    backend = get_search_backend()
    for model in (PracticePage, StoryPage):
        pages = list(model.objects.all())
        for start in range(0, len(pages), 500):
            backend.add_bulk(model, pages[start : start + 500])


def measure():
    client = Client()
    rows = []
    for label, url in PAGES:
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
        rows.append((label, url, sorted(counts), statistics.median(server), statistics.median(sql)))
        if "--slowest" in sys.argv:
            slowest = sorted(queries.captured_queries, key=lambda query: -float(query["time"]))
            for query in slowest[:3]:
                print(f"  {float(query['time']) * 1000:6.1f} ms  {query['sql'][:600]}")
    return rows


RESULTS = ROOT / "bench" / "results-library.md"
INTRODUCTION = f"""# Library benchmark

{PRACTICES:,} practices and {STORIES:,} stories, measured with `bench/library.py`: Django's test
client in one process, {REPEATS} requests per page after one to warm up, median times. The
server time includes routing, the layout and rendering the template; the SQL time is the sum of
the page's queries as the database driver reports them. One section per database; running the
script again replaces its database's section.
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
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC. Filling the library took {fill_seconds:.0f} s.",
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
