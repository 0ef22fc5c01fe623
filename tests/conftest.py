"""Personas and shared fixtures. Each test names the people it is about."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Site

from members.models import User


@pytest.fixture
def home_page(db):
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def editor(db):
    user = User.objects.create_user(
        email="editor@example.org", password="editor-password-1", first_name="Edie"
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def member(db):
    return User.objects.create_user(
        email="member@example.org", password="member-password-1", first_name="Mo"
    )


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client
