"""#8, section 1: who sees what, as one table (tests/trust/routes.py) that cannot go stale.

Every cell of the table (route x persona x GET/POST) is requested through the real stack (test
client: middleware, sessions, allauth, Wagtail's page serving) against one world built once for
the module. Each cell runs in a savepoint that is rolled back, so a POST that did something
(leaving a circle, signing out) cannot change what the next cell sees. GET cells also compare
a fingerprint of the database before and after: GET never changes state.
"""

import traceback

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, models, transaction
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, path
from wagtail.models import get_page_models

from .matrix_world import build_matrix_world
from .routes import (
    ADMIN_DENIED,
    ADMIN_LOGIN,
    EXEMPT,
    EXEMPT_ADMIN_NAMESPACES,
    EXEMPT_PAGE_TYPES,
    EXEMPT_PREFIXES,
    FORBIDDEN,
    INVALID,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REDIRECT,
    ROWS,
    VERIFY,
)
from .world import PERSONAS

SECTION = "1. Who sees what"

# Written by requests as bookkeeping, not as anything a GET did for the person: the session
# row (sign-in state, messages) and allauth's per-login records.
BOOKKEEPING_TABLES = {"django_session"}
# Opening an editor, Wagtail notes who is editing it now and subscribes them to its comments.
BOOKKEEPING_TABLES |= {"wagtailadmin_editingsession", "wagtailcore_pagesubscription"}


# ----- The world, once for the module.


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker):
    """The world and the answer of every cell, measured once. Everything is rolled back at the
    end of the module."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            cache.clear()
            world, things = build_matrix_world()
            sessions = {persona: _session_key(world, persona) for persona in PERSONAS}
            results = [
                _measure(row, persona, method, world, things, sessions)
                for row in ROWS
                for method in ("get", "post")
                for persona in PERSONAS
            ]
            yield world, things, results
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            cache.clear()


def _session_key(world, persona):
    return world.client(persona).cookies.get(settings.SESSION_COOKIE_NAME)


_BROWSERS = {}


def _client(sessions, persona) -> Client:
    """The persona's browser, holding only its session cookie again: a cell that signs out or
    rotates the session cannot leak into the next one. One Client per persona, as a new one
    loads every middleware again (WhiteNoise alone scans every static file)."""
    if persona not in _BROWSERS:
        _BROWSERS[persona] = Client(raise_request_exception=False)
    browser = _BROWSERS[persona]
    browser.cookies.clear()
    cookie = sessions[persona]
    if cookie is not None:
        browser.cookies[settings.SESSION_COOKIE_NAME] = cookie.value
    return browser


def _measure(row, persona, method, world, things, sessions):
    address = row.path(world, things)
    expected = getattr(row, method)[persona]
    with transaction.atomic():
        before = fingerprint() if method == "get" else None
        browser = _client(sessions, persona)
        if method == "get":
            response = browser.get(address)
        else:
            # One field, so forms built from `request.POST or None` are bound and checked.
            response = browser.post(address, row.body(world, things))
        after = fingerprint() if method == "get" else None
        transaction.set_rollback(True)
    if method == "post":
        # A POST may have filled the caches from what the rollback undid, and it counts
        # against rate limits: the next cell starts without either. GETs change nothing (the
        # fingerprint shows it), so what they cached stays true and keeps the matrix fast.
        cache.clear()
    return {
        "row": row,
        "persona": persona,
        "method": method.upper(),
        "address": address,
        "expected": expected,
        "actual": classify(response, address),
        "status": response.status_code,
        "location": response.get("Location", ""),
        "changed": _difference(before, after) if method == "get" else [],
        "error": "".join(traceback.format_exception(*response.exc_info))
        if getattr(response, "exc_info", None)
        else "",
    }


# ----- Reading a response as one of the table's words.


def classify(response, address) -> str:
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        location = response["Location"]
        if location.startswith(resolve_url(settings.LOGIN_URL) + "?next="):
            return LOGIN
        if location.startswith("/admin/login/?next="):
            return ADMIN_LOGIN
        if address.startswith("/admin/") and location in ("/", "/admin/"):
            return ADMIN_DENIED
        return REDIRECT
    if status == 200:
        templates = {template.name for template in response.templates}
        if "account/verified_email_required.html" in templates:
            return VERIFY
        if _has_form_errors(response):
            return INVALID
        return OK
    if status == 400:
        return INVALID
    return str(status)


def _has_form_errors(response) -> bool:
    context = response.context
    if context is None:
        return False
    for layer in context:
        for value in layer.dicts if hasattr(layer, "dicts") else [layer]:
            if not isinstance(value, dict):
                continue
            for item in value.values():
                errors = getattr(item, "errors", None)
                if getattr(item, "is_bound", False) and errors:
                    return True
    return False


# ----- GET never changes state: a cheap fingerprint of every table.


def _state_columns():
    """(table, [SQL expressions]) for every concrete table: its row count, its largest primary
    key, and the latest value of each auto-updated timestamp."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in BOOKKEEPING_TABLES:
            continue
        if meta.db_table in tables:
            continue
        quote = connection.ops.quote_name
        key = quote(meta.pk.column)
        if not isinstance(meta.pk, models.IntegerField | models.AutoField):
            key = f"CAST({key} AS VARCHAR(64))"  # PostgreSQL has no MAX of a uuid
        columns = ["COUNT(*)", f"MAX({key})"]
        for field in meta.concrete_fields:
            if isinstance(field, models.DateTimeField) and field.auto_now:
                columns.append(f"MAX({quote(field.column)})")
        tables[meta.db_table] = columns
    return tables


_STATE_SQL = None


def fingerprint() -> tuple:
    """Row counts, largest ids and latest auto-updated times of every table, in one query."""
    global _STATE_SQL
    if _STATE_SQL is None:
        quote = connection.ops.quote_name
        tables = sorted(_state_columns().items())
        width = max(len(columns) for _, columns in tables)
        parts = []
        for table, columns in tables:
            values = [f"CAST({column} AS VARCHAR(64))" for column in columns]
            values += ["NULL"] * (width - len(columns))
            # Table and column names come from the models' own metadata, never from input.
            parts.append(f"SELECT '{table}', {', '.join(values)} FROM {quote(table)}")  # noqa: S608
        _STATE_SQL = " UNION ALL ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(_STATE_SQL)
        return {row[0]: tuple(row[1:]) for row in cursor.fetchall()}


def _difference(before, after) -> list[str]:
    return [table for table in before if before[table] != after.get(table)]


# ----- The cells.


def _mismatch_report(mismatches) -> str:
    lines = [
        f"{m['method']} {m['address']} as {m['persona']}: expected {m['expected']}, got "
        f"{m['actual']} ({m['status']}{' -> ' + m['location'] if m['location'] else ''}) "
        f"[{m['row'].title}]"
        for m in mismatches
    ]
    return f"{len(mismatches)} cells differ from the table:\n" + "\n".join(lines)


@pytest.mark.django_db
def test_every_cell_answers_as_the_table_says_and_no_get_writes(matrix, trust_figures):
    """One test for the three checks of the cells, so the world is built once even when the
    suite is spread over several workers."""
    _, _, results = matrix
    mismatches = [cell for cell in results if cell["actual"] != cell["expected"]]
    trust_figures.record(
        SECTION,
        "matrix cells (route x persona x GET/POST) answering as the table says",
        passed=len(results) - len(mismatches),
        attempted=len(results),
    )
    gets = [cell for cell in results if cell["method"] == "GET"]
    writers = [cell for cell in gets if cell["changed"]]
    trust_figures.record(
        SECTION,
        "GET requests that changed nothing",
        passed=len(gets) - len(writers),
        attempted=len(gets),
    )
    errors = [cell for cell in results if cell["status"] >= 500]
    problems = []
    if errors:
        problems.append(_mismatch_report(errors) + "\n\nThe first:\n" + errors[0]["error"])
    if mismatches:
        problems.append(_mismatch_report(mismatches))
    problems += [
        f"GET {cell['address']} as {cell['persona']} changed {', '.join(cell['changed'])}"
        for cell in writers
    ]
    assert not problems, "\n\n".join(problems)


# ----- The meta-test: no route or page type escapes the table.


def all_routes(resolver=None, prefix="", namespace=""):
    """Every URLPattern of the project as (full route, name with namespaces)."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from all_routes(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or ""
            full_name = f"{namespace}:{name}" if namespace and name else name
            yield prefix + str(pattern.pattern), full_name or prefix + str(pattern.pattern)


def meta_unclassified(resolver=None) -> list[str]:
    """The routes and page types that are neither in the table nor exempt, by name."""
    covered = {row.route for row in ROWS}
    pages_covered = {row.page_type for row in ROWS if row.page_type}
    missing = []
    for route, name in all_routes(resolver):
        if name in covered or name in EXEMPT:
            continue
        if any(route.startswith(prefix) for prefix in EXEMPT_PREFIXES):
            continue
        if route.startswith("admin/") and any(
            name.startswith(prefix) for prefix in EXEMPT_ADMIN_NAMESPACES
        ):
            continue
        missing.append(f"route {route!r} ({name})")
    for page_model in get_page_models():
        label = page_model._meta.label
        if label not in pages_covered and label not in EXEMPT_PAGE_TYPES:
            missing.append(f"page type {label}")
    return missing


def _route_count(resolver=None) -> int:
    return len(list(all_routes(resolver))) + len(get_page_models())


def test_every_route_and_page_type_is_in_the_table_or_exempt(trust_figures):
    missing = meta_unclassified()
    total = _route_count()
    trust_figures.record(
        SECTION,
        "routes and page types classified (in the table or exempt with a reason)",
        passed=total - len(missing),
        attempted=total,
    )
    assert not missing, "Not in tests/trust/routes.py (ROWS or EXEMPT):\n" + "\n".join(missing)


def test_every_exemption_gives_a_reason_and_names_a_real_route():
    names = {name for _, name in all_routes()}
    for name, reason in EXEMPT.items():
        assert name in names, f"EXEMPT names {name!r}, which is no route any more"
        assert len(reason) > 15, f"EXEMPT {name!r} needs a one-line reason"
    for prefix, reason in EXEMPT_PREFIXES.items():
        assert len(reason) > 15, f"EXEMPT_PREFIXES {prefix!r} needs a reason"
    table_routes = {row.route for row in ROWS}
    assert not table_routes & set(EXEMPT), "a route is both in the table and exempt"
    assert table_routes <= names | {row.route for row in ROWS if row.page_type}, (
        "the table names routes that no longer exist: "
        + ", ".join(sorted(table_routes - names - {row.route for row in ROWS if row.page_type}))
    )


def _a_view_nobody_classified(request):  # pragma: no cover (never requested)
    raise AssertionError


urlpatterns = [
    path("a-new-view-without-a-permission-test/", _a_view_nobody_classified, name="forgotten"),
    *get_resolver(settings.ROOT_URLCONF).url_patterns,
]


def test_the_meta_test_names_a_route_added_without_a_table_row():
    with override_settings(ROOT_URLCONF=__name__):
        missing = meta_unclassified(get_resolver(__name__))
    assert missing == ["route 'a-new-view-without-a-permission-test/' (forgotten)"]


def test_the_table_covers_every_persona_for_both_methods():
    for row in ROWS:
        for method in ("get", "post"):
            answers = getattr(row, method)
            assert set(answers) == set(PERSONAS), f"{row.title} {method}: {set(answers)}"
            allowed = {OK, LOGIN, VERIFY, NOT_FOUND, FORBIDDEN, NOT_ALLOWED, REDIRECT, INVALID}
            allowed |= {ADMIN_LOGIN, ADMIN_DENIED}
            assert set(answers.values()) <= allowed, f"{row.title} {method}"


@pytest.mark.django_db
def test_the_fingerprint_notices_a_new_row_and_a_saved_change():
    """The GET check would be empty if the fingerprint could not see a write."""
    from members.models import ContactMessage
    from tests.factories import make_member

    sender, recipient = make_member(name="Sid Sender"), make_member(name="Rae Recipient")
    before = fingerprint()
    ContactMessage.objects.create(sender=sender, recipient=recipient, body="Hello.")
    after_insert = fingerprint()
    assert "members_contactmessage" in _difference(before, after_insert)
    profile = recipient.profile
    profile.save()
    changed = _difference(after_insert, fingerprint())
    assert changed, "saving a profile (auto-updated time) changed nothing in the fingerprint"
