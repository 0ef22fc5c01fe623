"""Bad input over HTTP (#8, section 5): a garbage corpus against every route answers without a
server error.

The routes come from the URL resolver itself, so a route added later is fuzzed without anyone
remembering to list it. Each path converter is filled with real identifiers (so the request
reaches the view's forms) and with garbage (negative, huge and over-long values, invalid UTF-8,
NUL bytes); each path is fetched with a garbage query string and posted a garbage body, as
anonymous, as a member, as a host and as a facilitator. Wagtail's admin is fuzzed as an editor
through a sample of its views. Every 5xx is collected into one failure message.

`make test` runs a small corpus; the full corpus is `trust_long` (`make trust`).
"""

import re
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.models import Page

from convening.circles.models import CircleMembership, ReflectionVisibility
from events.invitations import invite
from members.models import Report
from members.safety import report as report_to_staff
from tests.conftest import sign_in
from tests.convening.circles.factories import make_reflection, make_session
from tests.practices.factories import make_practice, make_story

SECTION = "5. Bad input"

# Django's own admin is not mounted for members; Wagtail's admin gets its own sample below.
ADMIN_PREFIXES = ("admin/", "cms-admin/", "django-admin/")

HUGE = "9" * 30  # past any database integer
OVER_LONG = "x" * 5000

# Garbage for path parameters, by converter. Each is already percent-encoded for the path.
# Our routes take ids as `<id:...>` (convening.shared.ids), Wagtail's as `<int:...>`.
GARBAGE_BY_KIND = {
    "id": ["0", "2147483648", "999999999999999999", "9223372036854775808", HUGE],
    "int": ["0", "2147483648", "9223372036854775808", HUGE],
    "slug": ["no-such-thing", "x" * 300, "-", "_"],
    "str": ["%ff%fe", "%00", "x" * 2000, "..%2f..%2fetc", "%c0%af", "%ed%a0%80"],
    "path": ["%ff%fe", "%00"],
}
QUICK_GARBAGE_BY_KIND = {
    "id": [HUGE],
    "int": [HUGE],
    "slug": ["x" * 300],
    "str": ["%ff%fe%00"],
    "path": ["%ff%fe"],
}

# Query strings: the parameter names our views and pages read, and some they do not.
QUERY_NAMES = [
    "page",
    "q",
    "sort",
    "show",
    "as",
    "structure",
    "sector",
    "topic",
    "time_zone",
    "cadence",
    "open_to",
    "purpose",
    "time",
    "people",
    "situation",
    "kind",
    "mode",
    "tag",
    "practice",
    "competency",
    "month",
    "date",
    "from",
    "to",
    "when",
    "format",
    "session",
    "gathering",
    "story",
    "next",
    "funding",
    "free",
    "place",
    "new_to_convening",
    "visibility",
    "series",
    "view",
]
QUERY_VALUES = [
    str(10**12),
    "-1",
    HUGE,
    "%ff%fe",
    "%00",
    "x" * 3000,
    "2024-13-45",
    "not-a-choice",
    "%ed%a0%80",
    "1e309",
    "NaN",
]


def garbage_queries(quick):
    if quick:
        # One query mixing the values over the parameters, and ending in nameless ones.
        mixed = "&".join(
            f"{name}={QUERY_VALUES[index % len(QUERY_VALUES)]}"
            for index, name in enumerate(QUERY_NAMES)
        )
        # And NUL bytes everywhere: PostgreSQL refuses them in a query.
        nul = "&".join(f"{name}=%00" for name in QUERY_NAMES)
        return [mixed + "&page=1&page=-1&=&&%ff=%fe&q", nul]
    # Each value in every known parameter at once, plus repeated and nameless parameters.
    queries = ["&".join(f"{name}={value}" for name in QUERY_NAMES) for value in QUERY_VALUES]
    queries.append("page=1&page=2&page=" + str(10**12) + "&=&&%ff=%fe&q")
    queries.append("&".join(f"f{i}=v" for i in range(3000)))
    queries.append("q[]=1&sort[x]=2&page[]=3")
    return queries


def garbage_bodies(quick):
    """(content type, body) pairs to POST."""
    form = "application/x-www-form-urlencoded"
    fields = [
        *QUERY_NAMES,
        "message",
        "text",
        "title",
        "summary",
        "reason",
        "details",
        "note",
        "going",
        "accept",
        "agree",
        "action",
        "every",
        "decision",
        "status",
        "confirm",
        "count",
        "publish",
        "minutes",
        "join_url",
        "member",
        "email",
        "name",
        "display_name",
        "reflections",
        "present",
        "choice",
        "sessions",
        "skip",
        "tried",
        "usefulness",
        "access_needs",
        "password",
        "login",
        "code",
        "key",
    ]
    values = [b"%ff%fe%00", b"x" * 100_000, str(10**12).encode(), b"-1", b"2024-13-45"]
    if quick:
        mixed = b"&".join(
            name.encode() + b"=" + values[index % len(values)][:3000]
            for index, name in enumerate(fields)
        )
        return [(form, mixed + b"&\xff\xfe\x00=\xff&message=\x00\xff\xfe")]
    bodies = [
        (form, b"&".join(name.encode() + b"=" + value for name in fields)) for value in values
    ]
    bodies.append((form, b"\xff\xfe\x00=\xff&message=\x00\xff\xfe"))
    if not quick:
        bodies.append((form, b"&".join(b"f%d=v" % i for i in range(5000))))
        bodies.append(("multipart/form-data; boundary=zzz", b"--zzz\r\nnot a part\r\n"))
        bodies.append(("application/json", b'{"message": [1, {"a": null}]}'))
        bodies.append(("text/plain", b"\x00" * 1000))
    return bodies


@dataclass
class Place:
    """Real identifiers for the converters of each route, so garbage reaches the views."""

    ints: dict = field(default_factory=dict)  # parameter name -> real values
    slugs: dict = field(default_factory=dict)
    strs: dict = field(default_factory=dict)


def add_places(world) -> Place:
    """A practice, a story, a session, a shared reflection, an invitation, a join request and a
    report on top of the world, and the identifiers the routes take for them."""
    people = world.people
    practice = make_practice("A practice to fuzz")
    make_story("A story to fuzz", practices=[practice])
    session = make_session(world.circle_a)
    reflection = make_reflection(
        people["circle_member"],
        session=session,
        visibility=ReflectionVisibility.CIRCLE,
        circle=world.circle_a,
    )
    invitation = invite(
        world.invitation_only,
        by=people["host"],
        message="Come and think with us.",
        email="guest@example.org",
    )
    request = CircleMembership.objects.create(
        circle=world.circle_a, member=people["member"], status=CircleMembership.Status.REQUESTED
    )
    report_to_staff(
        people["member"],
        people["circle_member"].profile,
        reason=Report.Reason.choices[0][0],
        details="Fuzzed report",
    )
    member_slug = people["circle_member"].profile.slug
    gathering = str(world.open_gathering.pk)
    return Place(
        ints={
            "pk": [gathering, str(world.invitation_only.pk), str(reflection.pk), str(request.pk)],
            "invitation_pk": [str(invitation.pk)],
            "number": [str(session.number)],
            "restriction_id": ["1"],
            "page_view_restriction_id": ["1"],
            "page_id": [str(world.open_gathering.pk)],
        },
        slugs={"slug": [world.circle_a.slug, member_slug, practice.slug]},
        strs={"decision": ["approve", "decline", "accept"], "token": ["not-a-real-token"]},
    )


CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")
REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)|\([^)]*\)")


def routes():
    """Every route of the site but the admins: (pattern text, name)."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), pattern.name

    for text, name in walk(get_resolver().url_patterns):
        if not text.startswith(ADMIN_PREFIXES):
            yield text, name


def fills(pattern, place, *, quick):
    """(path, real) for a route pattern: with real identifiers (real=True), then with garbage
    in each parameter in turn, the others real."""
    regex = pattern.startswith("^") or "^" in pattern
    pattern = pattern.replace("^", "").replace("$", "")
    params = []
    if regex:
        for match in REGEX_GROUP.finditer(pattern):
            params.append((match.group(0), "str", match.group("name") or "part"))
    else:
        for match in CONVERTER.finditer(pattern):
            params.append((match.group(0), match.group("kind") or "str", match.group("name")))
    garbage = QUICK_GARBAGE_BY_KIND if quick else GARBAGE_BY_KIND
    pools = {
        "id": place.ints,
        "int": place.ints,
        "slug": place.slugs,
        "str": place.strs,
        "path": place.strs,
    }

    def real(kind, name):
        return pools.get(kind, {}).get(name) or garbage.get(kind, ["x"])[:1]

    def build(choice):
        path = pattern
        for (token, _kind, _name), value in zip(params, choice, strict=True):
            path = path.replace(token, value, 1)
        return "/" + path

    firsts = [real(kind, name)[0] for _token, kind, name in params]
    paths = {build(firsts): True}
    for index, (_token, kind, name) in enumerate(params):
        for value in real(kind, name)[1:]:
            choice = list(firsts)
            choice[index] = value
            paths[build(choice)] = True
        for value in garbage.get(kind, garbage["str"]):
            choice = list(firsts)
            choice[index] = value
            paths.setdefault(build(choice), False)
    return sorted(paths.items())


def page_paths():
    """Wagtail's pages as members reach them (`wagtail_serve` is one catch-all route)."""
    paths = []
    for page in Page.objects.live().specific().exclude(depth=1):
        url = page.get_url()
        if url:
            paths.append(url)
    paths = [(path, True) for path in [*paths, "/gatherings/feed/"]]
    return [*paths, ("/no-such-page/", False), ("/" + "x/" * 200, False)]


def fresh_session(world, persona):
    session = Client(raise_request_exception=False)
    person = world.people[persona]
    if person is not None:
        sign_in(session, person)
    return session


def fetch(session, method, path, *, query="", body=None, content_type=None):
    target = f"{path}?{query}" if query else path
    if method == "GET":
        return session.get(target)
    return session.post(target, data=body, content_type=content_type)


def run_corpus(world, personas, *, quick):
    """Every request of the corpus, as each persona. Returns (requests, failures)."""
    place = add_places(world)
    paths = []
    for pattern, _name in routes():
        if pattern == "^((?:[\\w\\-]+/)*)$":
            continue  # the pages' catch-all: walked through the page tree below
        paths.extend(fills(pattern, place, quick=quick))
    paths.extend(page_paths())
    queries = garbage_queries(quick)
    bodies = garbage_bodies(quick)
    failures, count = [], 0
    visits = [(persona, path, real) for persona in personas for path, real in paths]
    if quick:
        # Each path once, the personas taking turns; the hosts' routes as the host.
        visits = [
            ("host" if "/host/" in path else personas[index % len(personas)], path, real)
            for index, (path, real) in enumerate(paths)
        ]
    for persona, path, real in visits:
        # A fresh session for each path: a garbage POST may well sign the persona out
        # (the logout route) and the rest of the corpus must still run as that persona.
        session = fresh_session(world, persona)
        quoted = quote(path, safe="/%:@-._~!$&'()*+,;=")
        requests = [("GET", "", None, None)]
        # Garbage in the path is mostly turned away at once: one query and one body do.
        requests += [("GET", query, None, None) for query in queries[: None if real else 1]]
        requests += [("POST", "", body, kind) for kind, body in bodies[: None if real else 1]]
        for method, query, body, kind in requests:
            response = fetch(session, method, quoted, query=query, body=body, content_type=kind)
            count += 1
            if response.status_code >= 500:
                shown = (query or (body or b"")[:60].decode("latin-1"))[:80]
                failures.append(
                    f"{persona} {method} {quoted[:100]} {shown!r}: {response.status_code}"
                )
    return count, failures


def report(trust_figures, figure, count, failures):
    trust_figures.record(SECTION, figure, passed=count - len(failures), attempted=count)
    assert not failures, f"{len(failures)} of {count} requests answered 5xx:\n" + "\n".join(
        failures[:200]
    )


# Wagtail's admin: our own admin views, and Wagtail's listings and choosers, which read
# paging, ordering and search from the query string.
OUR_ADMIN_MODULES = ("members.", "events.", "practices.", "convening.")
ADMIN_NOT_FUZZED = {
    "admin/failwhale/": "Wagtail's deliberate error page, to test error reporting",
    "admin/logout/": "ends the session the rest of the sample needs",
    "admin/login/": "our sign-in form: fuzzed with the site's routes through accounts/login/",
}
ADMIN_QUERY = "p=1000000000000&q=%ff%fe%00&ordering=zzz&page=-1&sort=%00&collection_id=x&tag=%ff"


def admin_routes(*, quick):
    """(pattern, ours) of the Wagtail admin routes to fuzz as an editor."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), getattr(pattern.callback, "__module__", "")

    listings = 0
    for text, module in walk(get_resolver().url_patterns):
        if not text.startswith("admin/") or text in ADMIN_NOT_FUZZED:
            continue
        ours = module.startswith(OUR_ADMIN_MODULES)
        plain = "<" not in text and "(" not in text
        listing = plain and text.endswith(("results/", "/index/", "choose/", "/search/"))
        # The quick sample: ours, and the first few of Wagtail's listings (each is slow).
        listings += listing and not ours
        if ours or (listing and listings <= 8 if quick else plain):
            yield text, ours


def run_admin_sample(world, *, quick):
    place = add_places(world)
    place.ints["page_id"] = [str(world.open_gathering.pk)]
    place.ints["pk"] = [str(world.people["member"].pk)]
    failures, count = [], 0
    for pattern, ours in admin_routes(quick=quick):
        for path, real in fills(pattern, place, quick=quick):
            session = fresh_session(world, "editor")
            quoted = quote(path, safe="/%:@-._~!$&'()*+,;=")
            requests = [("GET", ""), ("GET", ADMIN_QUERY)]
            if ours:
                requests.append(("POST", ""))
            for method, query in requests if real else requests[:1]:
                body = garbage_bodies(quick=True)[0][1] if method == "POST" else None
                response = fetch(
                    session,
                    method,
                    quoted,
                    query=query,
                    body=body,
                    content_type="application/x-www-form-urlencoded",
                )
                count += 1
                if response.status_code >= 500:
                    failures.append(f"editor {method} {quoted[:100]} {query!r}: 500")
    return count, failures


@pytest.mark.django_db
def test_a_gathering_number_past_the_database_range_is_not_found(world):
    # Found by the corpus: on SQLite such a number overflowed into a 500 on ten routes.
    huge = "/gatherings/" + HUGE
    session = fresh_session(world, "host")
    assert session.get(huge + "/calendar.ics").status_code == 404
    assert session.get(huge + "/host/").status_code == 404
    assert session.post(huge + "/reply/", {"going": "yes"}).status_code == 404
    editor = fresh_session(world, "editor")
    assert editor.get(f"/admin/gatherings/{HUGE}/next-dates/").status_code == 404


@pytest.mark.django_db
def test_a_directory_page_number_past_the_database_range_shows_the_last_page(world):
    # Found by the full corpus on PostgreSQL: the count's LIMIT went past bigint, a 500.
    session = fresh_session(world, "member")
    assert session.get(f"/members/?page={HUGE}").status_code == 200


@pytest.mark.django_db
def test_a_choice_past_the_database_range_is_refused_on_the_form_it_was_sent_with(world):
    """A number past any database integer, posted as a profile's sector (a multiple choice) or
    as a reflection's practice and gathering (pages of a Wagtail page type), shows the form
    again with "Select a valid choice": on SQLite it overflowed into a 500."""
    session = fresh_session(world, "member")
    response = session.post("/me/profile/", {"name": "Still me", "sectors": [HUGE, "1"]})
    assert response.status_code == 200
    assert f"Select a valid choice. {HUGE} is not one of the available choices." in (
        response.content.decode()
    )
    response = session.post(
        "/me/reflections/new/",
        {"title": "A reflection", "practice": HUGE, "gathering": "-" + HUGE},
    )
    assert response.status_code == 400
    assert response.content.decode().count("Select a valid choice.") >= 2


@pytest.mark.django_db
def test_nul_bytes_in_the_library_and_reflection_addresses_are_ignored(world):
    # Found by the full corpus on PostgreSQL, which refuses a NUL byte in a query: facet
    # values and the reflection's ?practice= reached the database with it, a 500.
    make_practice("A practice to find")
    session = fresh_session(world, "member")
    assert session.get("/practices/?tag=%00&practice=%00&purpose=%00").status_code == 200
    assert session.get("/practices/start/?purpose=%00").status_code == 200
    assert session.get("/me/reflections/new/?practice=%00&story=%00").status_code == 200


@pytest.mark.django_db
def test_saving_a_practice_with_a_next_that_is_not_a_path_goes_back_to_the_practice(world):
    # Found by the corpus: redirect() read "next=abc" as a view name and failed with a 500.
    practice = make_practice("A practice to keep")
    session = fresh_session(world, "member")
    response = session.post(f"/practices/{practice.slug}/save/", {"next": "no-such-view"})
    assert response.status_code == 302
    assert response["Location"] == practice.url


@pytest.mark.django_db
def test_garbage_against_the_wagtail_admin_as_an_editor_never_answers_5xx(world, trust_figures):
    count, failures = run_admin_sample(world, quick=True)
    report(
        trust_figures, "garbage requests to Wagtail's admin without 5xx (sample)", count, failures
    )


@pytest.mark.django_db
def test_garbage_against_every_route_never_answers_5xx(world, trust_figures):
    count, failures = run_corpus(world, ["anonymous", "member", "host"], quick=True)
    report(trust_figures, "garbage requests without 5xx (quick corpus)", count, failures)


@pytest.mark.trust_long
@pytest.mark.django_db
def test_full_garbage_corpus_never_answers_5xx(world, trust_figures):
    count, failures = run_corpus(
        world, ["anonymous", "unverified", "member", "host", "facilitator_a"], quick=False
    )
    report(trust_figures, "garbage requests without 5xx (full corpus)", count, failures)


@pytest.mark.trust_long
@pytest.mark.django_db
def test_full_garbage_corpus_against_the_wagtail_admin_never_answers_5xx(world, trust_figures):
    count, failures = run_admin_sample(world, quick=False)
    report(trust_figures, "garbage requests to Wagtail's admin without 5xx (full)", count, failures)
