"""Personas and shared fixtures. Each test names the people it is about:
anonymous (the plain `client`), an unverified account, members, editors and a superuser."""

import time
from io import StringIO

import pytest
from allauth.mfa.utils import is_mfa_enabled
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from wagtail.models import Site

from members import two_factor

from .factories import make_member, make_staff


def pytest_collection_modifyitems(items):
    """Every test that commits for real restores what the migrations created (the site, groups,
    the gatherings index) and keeps the content types' ids: a flush that re-creates them would
    break the next test that restores them. So a test with `transaction=True` must also ask for
    `serialized_rollback=True`."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and not marker.kwargs.get("serialized_rollback")
        ):
            raise pytest.UsageError(
                f"{item.nodeid}: use django_db(transaction=True, serialized_rollback=True)"
            )


@pytest.fixture(scope="module")
def demo_content(django_db_setup, django_db_blocker):
    """What `load_demo_content` printed, having built the demo once for the test module (it
    takes most of a minute) inside a transaction rolled back when the module ends. Each test's
    own changes are rolled back after it, as usual; the demo stays for the module's later
    tests, even those that do not ask for it."""
    with django_db_blocker.unblock(), override_settings(DEBUG=True), transaction.atomic():
        out = StringIO()
        call_command("load_demo_content", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limits, sessions and pages live in the cache: each test starts with none."""
    cache.clear()


@pytest.fixture
def home_page(db):
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def member(db):
    return make_member(name="Mo Member")


@pytest.fixture
def other_member(db):
    return make_member(name="Olu Other")


@pytest.fixture
def unverified(db):
    return make_member(name="Una Unverified", verified=False)


@pytest.fixture
def editor(db):
    return make_staff(group="Editors", name="Edie Editor")


@pytest.fixture
def superuser(db):
    return make_staff(superuser=True, name="Sol Super")


def signed_in(user):
    """A separate browser session for `user`, so one test can hold several people at once and
    the plain `client` fixture stays anonymous."""
    session = Client()
    sign_in(session, user)
    return session


def sign_in(session, user):
    """`force_login`, then, for an account with an authenticator app, what the session holds
    once its code was entered (`members.two_factor`): staff and hosts sign in as they do on the
    site. tests/trust/world.py signs its personas in through the real forms instead."""
    session.force_login(user)
    if is_mfa_enabled(user):
        store = session.session
        store[two_factor.PASSED_SESSION_KEY] = time.time()
        store.save()


@pytest.fixture
def editor_client(editor):
    return signed_in(editor)


@pytest.fixture
def member_client(member):
    return signed_in(member)


@pytest.fixture
def other_client(other_member):
    return signed_in(other_member)
