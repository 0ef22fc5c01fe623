"""Roles are groups created by migrations, each with exactly the permissions it needs and not
more. The sets below are the whole truth: a permission added anywhere shows up here."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from events.models import EventIndexPage
from tests.factories import make_staff

pytestmark = pytest.mark.django_db

# Wagtail's initial data gives Editors these model-wide image and document permissions; the
# library needs them, so they stay.
WAGTAIL_MEDIA = {
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtailimages.delete_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
    "wagtaildocs.delete_document",
}

# Editors curate the library's snippets (practices/0004); competencies come from the standard, so
# they may only reword them.
LIBRARY_SNIPPETS = {
    f"practices.{action}_{model}"
    for model in [
        "purpose",
        "phase",
        "tradition",
        "scale",
        "participation",
        "perspective",
        "concept",
        "reading",
        "fundingsource",
    ]
    for action in ["add", "change", "delete", "view"]
} | {"practices.change_competency", "practices.view_competency"}

EXPECTED = {
    "Members": set(),
    "Hosts": {"wagtailadmin.access_admin"},
    "Facilitators": set(),
    "Editors": {
        "wagtailadmin.access_admin",
        "members.view_profile",
        "members.view_report",
        "members.change_report",
        "members.deactivate_member",
        *WAGTAIL_MEDIA,
        *LIBRARY_SNIPPETS,
    },
}


def permissions_of(group_name):
    group = Group.objects.get(name=group_name)
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def page_permissions_of(group_name):
    return {
        (gpp.page.depth, gpp.permission.codename)
        for gpp in GroupPagePermission.objects.filter(group__name=group_name).select_related(
            "page", "permission"
        )
    }


def collection_permissions_of(group_name):
    return {
        (gcp.collection.name, f"{gcp.permission.content_type.app_label}.{gcp.permission.codename}")
        for gcp in GroupCollectionPermission.objects.filter(group__name=group_name).select_related(
            "collection", "permission__content_type"
        )
    }


@pytest.mark.parametrize("group_name", sorted(EXPECTED))
def test_each_role_has_exactly_its_permissions(group_name):
    assert permissions_of(group_name) == EXPECTED[group_name]


def test_editors_add_edit_and_publish_pages_anywhere_in_the_tree():
    assert page_permissions_of("Editors") == {
        (1, "add_page"),
        (1, "change_page"),
        (1, "publish_page"),
    }


def test_editors_manage_images_and_documents_in_the_root_collection():
    assert collection_permissions_of("Editors") == {
        ("Root", "wagtailimages.add_image"),
        ("Root", "wagtailimages.change_image"),
        ("Root", "wagtailimages.choose_image"),
        ("Root", "wagtaildocs.add_document"),
        ("Root", "wagtaildocs.change_document"),
        ("Root", "wagtaildocs.choose_document"),
    }


def test_hosts_add_and_publish_gatherings_under_the_gatherings_index_only():
    index = EventIndexPage.objects.get()
    assert {
        (gpp.page_id, gpp.permission.codename)
        for gpp in GroupPagePermission.objects.filter(group__name="Hosts")
    } == {(index.pk, "add_page"), (index.pk, "publish_page")}
    assert collection_permissions_of("Hosts") == set()


@pytest.mark.parametrize("group_name", ["Members", "Facilitators"])
def test_other_roles_have_no_page_or_collection_permissions_yet(group_name):
    assert page_permissions_of(group_name) == set()
    assert collection_permissions_of(group_name) == set()


def test_deactivating_members_is_a_named_permission_on_profiles():
    permission = Permission.objects.get(codename="deactivate_member")
    assert permission.content_type.app_label == "members"
    assert permission.content_type.model == "profile"
    assert permission.name == "Can deactivate a member's account"


def test_an_editor_may_look_after_members_and_reports_but_not_edit_profiles(editor):
    assert editor.has_perm("wagtailadmin.access_admin")
    assert editor.has_perm("members.view_profile")
    assert editor.has_perm("members.deactivate_member")
    assert editor.has_perm("members.change_report")
    assert not editor.has_perm("members.change_profile")
    assert not editor.has_perm("members.delete_profile")
    assert not editor.has_perm("members.add_report")
    assert not editor.has_perm("members.delete_report")


def test_a_host_reaches_the_admin_but_not_members_or_reports():
    host = make_staff(group="Hosts", name="Hal Host")
    assert host.has_perm("wagtailadmin.access_admin")
    assert not host.has_perm("members.view_profile")
    assert not host.has_perm("members.view_report")
    assert not host.has_perm("members.deactivate_member")


def test_a_member_and_a_facilitator_have_no_admin_access(member):
    facilitator = make_staff(group="Facilitators", name="Fay Facilitator")
    member.groups.add(Group.objects.get(name="Members"))
    for person in (member, facilitator):
        assert not person.has_perm("wagtailadmin.access_admin")
