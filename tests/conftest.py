"""Personas and shared fixtures. Each test names the people it is about:
anonymous (the plain `client`), an unverified account, members, editors and a superuser."""

import pytest
from wagtail.models import Site

from .factories import make_member, make_staff


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


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def other_client(client, other_member):
    """A second browser session: the `client_factory` way of being two people at once."""
    from django.test import Client

    other = Client()
    other.force_login(other_member)
    return other
