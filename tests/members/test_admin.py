"""Members and reports in the Wagtail admin: who gets in, what they see (never what a member
hid), deactivating accounts, and handling reports."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.utils import get_user_display_name

from members.accounts import AccountChangeRefused, deactivate_member
from members.models import Report, Sector, User
from members.rules import may_open_the_admin
from tests.conftest import sign_in
from tests.factories import make_member, make_staff, profile_of

pytestmark = pytest.mark.django_db

MEMBERS = "/admin/members/"
REPORTS = "/admin/member-reports/"


def deactivate_url(user):
    return f"{MEMBERS}deactivate/{profile_of(user).pk}/"


def reactivate_url(user):
    return f"{MEMBERS}reactivate/{profile_of(user).pk}/"


def inspect_url(user):
    return f"{MEMBERS}inspect/{profile_of(user).pk}/"


def report_about(subject, *, by, reason=Report.Reason.SPAM, status=Report.Status.OPEN, **extra):
    extra.setdefault("subject_description", f"{profile_of(subject).name}'s profile")
    return Report.objects.create(
        reporter=by,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(subject.pk),
        reason=reason,
        status=status,
        **extra,
    )


def signed_in_as(user):
    browser = Client()
    sign_in(browser, user)
    return browser


@pytest.fixture
def hidden_member(db):
    """A member who shares their profile with members but keeps the sensitive parts to
    themselves."""
    return make_member(
        name="Priya Private",
        sectors=["health"],
        headline="Convener of the health and housing table",
        organisation="CANARY-ORG",
        organisation_visibility="private",
        contact_visibility="private",
        website="https://canary-site.example",
        linkedin="https://canary-linkedin.example",
        lived_experience="CANARY-LIVED",
        lived_experience_visibility="private",
    )


# Who gets in -----------------------------------------------------------------------------------


def test_an_editor_sees_members_listed_with_their_roles_sectors_and_place(editor_client, member):
    make_member(name="Hana Health", sectors=["health"], region="North West", country="England")

    content = editor_client.get(MEMBERS).content.decode()

    assert "Mo Member" in content
    assert "Hana Health" in content
    assert "Health" in content
    assert "North West, England" in content
    assert "Editors" in content  # the editor's own role
    assert "Active" in content


def test_a_plain_member_is_turned_away_from_the_members_listing(member_client, other_member):
    response = member_client.get(MEMBERS)

    assert response.status_code == 302
    assert "Olu Other" not in response.content.decode()
    assert not response.url.startswith(MEMBERS)


def test_a_visitor_is_sent_to_sign_in(client, member):
    response = client.get(MEMBERS)

    assert response.status_code == 302
    assert "login" in response.url


def test_a_host_reaches_the_admin_but_not_the_members(client, member):
    sign_in(client, make_staff(group="Hosts", name="Hal Host"))

    response = client.get(MEMBERS, follow=True)

    assert "Mo Member" not in response.content.decode()
    assert response.redirect_chain
    assert response.request["PATH_INFO"] != MEMBERS


def test_members_cannot_be_added_edited_or_deleted_in_the_admin(editor_client, member):
    pk = profile_of(member).pk
    for url in (f"{MEMBERS}new/", f"{MEMBERS}edit/{pk}/", f"{MEMBERS}delete/{pk}/"):
        assert editor_client.get(url).status_code == 404
    response = editor_client.post(f"{MEMBERS}edit/{pk}/", {"display_name": "Renamed"})
    assert response.status_code == 404
    assert profile_of(member).display_name == "Mo Member"


def test_wagtail_links_to_a_member_go_to_their_admin_page(superuser, member):
    assert AdminURLFinder(superuser).get_edit_url(profile_of(member)) == inspect_url(member)


# Search and filters ----------------------------------------------------------------------------


def test_search_finds_members_by_name_and_by_email(editor_client, member, other_member):
    by_name = editor_client.get(MEMBERS, {"q": "olu"}).content.decode()
    by_email = editor_client.get(MEMBERS, {"q": member.email}).content.decode()

    assert "Olu Other" in by_name
    assert "Mo Member" not in by_name
    assert "Mo Member" in by_email
    assert "Olu Other" not in by_email


def test_search_finds_a_shared_organisation_but_never_a_hidden_one(editor_client, hidden_member):
    make_member(name="Sam Shared", organisation="Shared Trust", organisation_visibility="members")

    shared = editor_client.get(MEMBERS, {"q": "Shared Trust"}).content.decode()
    hidden = editor_client.get(MEMBERS, {"q": "CANARY-ORG"}).content.decode()

    assert "Sam Shared" in shared
    assert "Priya Private" not in hidden


def test_filtering_by_sector_lists_only_that_sector(editor_client):
    make_member(name="Hana Health", sectors=["health"])
    make_member(name="Hugo Housing", sectors=["housing"])

    health = Sector.objects.get(slug="health")
    content = editor_client.get(MEMBERS, {"sector": health.pk}).content.decode()

    assert "Hana Health" in content
    assert "Hugo Housing" not in content


def test_filtering_by_role_lists_only_people_in_that_group(editor_client, member):
    make_staff(group="Hosts", name="Hal Host")

    hosts = Group.objects.get(name="Hosts")
    content = editor_client.get(MEMBERS, {"role": hosts.pk}).content.decode()

    assert "Hal Host" in content
    assert "Mo Member" not in content


def test_filtering_by_join_date_lists_people_who_joined_in_that_range(editor_client):
    early = make_member(name="Ada Early")
    late = make_member(name="Lin Late")
    User.objects.filter(pk=early.pk).update(
        date_joined=timezone.make_aware(datetime.datetime(2024, 3, 10))
    )
    User.objects.filter(pk=late.pk).update(
        date_joined=timezone.make_aware(datetime.datetime(2025, 6, 1))
    )

    content = editor_client.get(
        MEMBERS, {"joined_from": "2024-01-01", "joined_to": "2024-12-31"}
    ).content.decode()

    assert "Ada Early" in content
    assert "Lin Late" not in content
    assert "10 Mar 2024" in content


def test_filtering_by_active_lists_deactivated_accounts(editor_client, member, other_member):
    User.objects.filter(pk=other_member.pk).update(is_active=False)

    content = editor_client.get(MEMBERS, {"active": "false"}).content.decode()

    assert "Olu Other" in content
    assert "Deactivated" in content
    assert "Mo Member" not in content


def test_the_listing_does_not_query_once_per_member(editor_client):
    for n in range(3):
        make_member(name=f"First Batch {n}", sectors=["health", "housing"])
    with CaptureQueriesContext(connection) as few:
        editor_client.get(MEMBERS)
    for n in range(12):
        make_member(name=f"Second Batch {n}", sectors=["health", "housing"])
    with CaptureQueriesContext(connection) as many:
        response = editor_client.get(MEMBERS)

    assert "Second Batch 11" in response.content.decode()
    assert len(many) == len(few)


# What the admin never shows --------------------------------------------------------------------


def test_hidden_contact_details_and_lived_experience_never_appear(editor_client, hidden_member):
    listing = editor_client.get(MEMBERS).content.decode()
    detail = editor_client.get(inspect_url(hidden_member)).content.decode()

    assert "Priya Private" in listing
    assert "Priya Private" in detail
    assert hidden_member.email in detail
    assert "Convener of the health and housing table" in detail
    for page in (listing, detail):
        assert "canary-site" not in page
        assert "canary-linkedin" not in page
        assert "CANARY-LIVED" not in page
        assert "CANARY-ORG" not in page


def test_details_a_member_shares_with_members_are_shown(editor_client):
    sharing = make_member(
        name="Sam Shared",
        contact_visibility="members",
        website="https://shared-site.example",
        lived_experience="Grew up in care",
        lived_experience_visibility="members",
    )

    detail = editor_client.get(inspect_url(sharing)).content.decode()

    assert "https://shared-site.example" in detail
    assert "Grew up in care" in detail


def test_a_hidden_profile_shows_account_facts_but_not_its_bio(editor_client):
    hidden = make_member(
        name="Hal Hidden",
        visibility="private",
        bio="CANARY-BIO",
        contact_visibility="public",
        website="https://canary-public-link.example",
    )

    detail = editor_client.get(inspect_url(hidden)).content.decode()

    assert "Hal Hidden" in detail
    assert hidden.email in detail
    assert "CANARY-BIO" not in detail
    # A link marked public still follows its profile, which is hidden.
    assert "canary-public-link" not in detail


def test_the_member_page_counts_the_reports_about_them(editor_client, member, other_member):
    report_about(other_member, by=member)
    report_about(other_member, by=member, status=Report.Status.DISMISSED)

    response = editor_client.get(inspect_url(other_member))

    fields = {f["label"]: f["value"] for f in response.context["fields"]}
    assert fields["Reports about this member"] == 2
    assert fields["Account"] == "Active"
    assert fields["Email"] == other_member.email


# Deactivating and reactivating -----------------------------------------------------------------


def test_an_editor_deactivates_a_member_who_is_signed_out_at_once(editor_client, other_member):
    theirs = signed_in_as(other_member)
    assert theirs.get("/").wsgi_request.user.is_authenticated

    response = editor_client.post(deactivate_url(other_member), follow=True)

    other_member.refresh_from_db()
    assert other_member.is_active is False
    assert "Olu Other&#x27;s account is deactivated." in response.content.decode()
    assert theirs.get("/").wsgi_request.user.is_authenticated is False
    assert not [
        s
        for s in Session.objects.all()
        if s.get_decoded().get("_auth_user_id") == str(other_member.pk)
    ]


def test_reactivating_lets_a_member_sign_in_but_does_not_revive_old_sessions(
    editor_client, editor, other_member
):
    theirs = signed_in_as(other_member)
    deactivate_member(other_member, by=editor)

    editor_client.post(reactivate_url(other_member))

    other_member.refresh_from_db()
    assert other_member.is_active is True
    assert theirs.get("/").wsgi_request.user.is_authenticated is False
    assert signed_in_as(other_member).get("/").wsgi_request.user.is_authenticated


def test_the_deactivate_page_asks_first_and_changes_nothing(editor_client, other_member):
    response = editor_client.get(deactivate_url(other_member))

    other_member.refresh_from_db()
    assert other_member.is_active is True
    content = response.content.decode()
    assert "Deactivate Olu Other&#x27;s account?" in content
    assert "will be signed out at once" in content
    assert "Yes, deactivate" in content


def test_the_listing_offers_deactivation_to_editors(editor_client, other_member):
    content = editor_client.get(MEMBERS).content.decode()

    assert deactivate_url(other_member) in content


def test_an_editor_cannot_deactivate_a_superuser(editor_client, superuser):
    response = editor_client.post(deactivate_url(superuser), follow=True)

    superuser.refresh_from_db()
    assert superuser.is_active is True
    assert "Only a superuser can deactivate" in response.content.decode()
    assert (
        deactivate_url(superuser) not in editor_client.get(inspect_url(superuser)).content.decode()
    )


def test_an_editor_cannot_deactivate_themselves(editor_client, editor):
    editor_client.post(deactivate_url(editor))

    editor.refresh_from_db()
    assert editor.is_active is True


def test_a_superuser_can_deactivate_an_editor(client, superuser, editor):
    sign_in(client, superuser)

    client.post(deactivate_url(editor))

    editor.refresh_from_db()
    assert editor.is_active is False


def test_a_member_cannot_deactivate_anyone(member_client, other_member):
    member_client.post(deactivate_url(other_member))

    other_member.refresh_from_db()
    assert other_member.is_active is True


def test_a_host_with_admin_access_cannot_deactivate_anyone(client, other_member):
    sign_in(client, make_staff(group="Hosts", name="Hal Host"))

    client.post(deactivate_url(other_member))

    other_member.refresh_from_db()
    assert other_member.is_active is True


def test_the_service_refuses_without_the_permission(member, other_member):
    with pytest.raises(AccountChangeRefused):
        deactivate_member(other_member, by=member)
    other_member.refresh_from_db()
    assert other_member.is_active is True


# Reports ---------------------------------------------------------------------------------------


def test_staff_see_open_reports_first(editor_client, member, other_member):
    open_report = report_about(other_member, by=member, subject_description="The open one")
    report_about(
        member,
        by=other_member,
        reason=Report.Reason.HARASSMENT,
        status=Report.Status.RESOLVED,
        subject_description="The resolved, newer one",
    )

    response = editor_client.get(REPORTS)

    content = response.content.decode()
    rows = [report.subject_description for report in response.context["object_list"]]
    assert rows == ["The open one", "The resolved, newer one"]
    assert content.index("The open one") < content.index("The resolved, newer one")
    assert "Mo Member" in content  # who reported the open one
    assert f'href="{REPORTS}edit/{open_report.pk}/"' in content


def test_reports_filter_by_status(editor_client, member, other_member):
    report_about(other_member, by=member, subject_description="Still open")
    report_about(member, by=other_member, status="dismissed", subject_description="Dismissed")

    content = editor_client.get(REPORTS, {"status": "dismissed"}).content.decode()

    assert "Dismissed" in content
    assert "Still open" not in content


def test_an_editor_resolves_a_report_with_notes(editor_client, member, other_member):
    report = report_about(other_member, by=member, details="Posted adverts in three circles.")

    page = editor_client.get(f"{REPORTS}edit/{report.pk}/").content.decode()
    editor_client.post(
        f"{REPORTS}edit/{report.pk}/",
        {"status": "resolved", "staff_notes": "Spoke to them; adverts removed."},
    )

    report.refresh_from_db()
    assert "Posted adverts in three circles." in page
    assert report.status == Report.Status.RESOLVED
    assert report.staff_notes == "Spoke to them; adverts removed."


def test_an_editor_cannot_change_what_was_reported(editor_client, member, other_member):
    report = report_about(other_member, by=member, details="Posted adverts.")

    editor_client.post(
        f"{REPORTS}edit/{report.pk}/",
        {
            "status": "dismissed",
            "staff_notes": "",
            "reason": Report.Reason.HARASSMENT,
            "details": "Rewritten",
            "subject_description": "Something else",
        },
    )

    report.refresh_from_db()
    assert report.status == Report.Status.DISMISSED
    assert report.reason == Report.Reason.SPAM
    assert report.details == "Posted adverts."
    assert report.subject_description == "Olu Other's profile"


def test_reports_cannot_be_added_or_deleted_in_the_admin(editor_client, member, other_member):
    report = report_about(other_member, by=member)

    assert editor_client.get(f"{REPORTS}new/").status_code == 404
    assert editor_client.post(f"{REPORTS}delete/{report.pk}/").status_code == 404
    assert Report.objects.filter(pk=report.pk).exists()


def test_a_member_cannot_see_reports(member_client, member, other_member):
    report_about(other_member, by=member, details="CANARY-REPORT")

    response = member_client.get(REPORTS)

    assert response.status_code == 302
    assert not response.url.startswith(REPORTS)
    assert "CANARY-REPORT" not in response.content.decode()


def test_the_dashboard_counts_open_reports_for_editors(editor_client, member, other_member):
    report_about(other_member, by=member)
    report_about(member, by=other_member, status=Report.Status.RESOLVED)

    content = editor_client.get("/admin/").content.decode()

    assert "1 open report" in content
    assert "1 open reports" not in content


def test_the_admin_account_page_changes_neither_the_address_nor_the_password(editor, editor_client):
    """Around allauth, mail would go to an unverified address and the real owner could not sign
    up; an address or password changes only through allauth's verified, rate-limited flows."""
    admin = editor_client
    page = admin.get("/admin/account/")
    assert page.status_code == 200
    assert 'name="name_email-email"' not in page.content.decode()
    assert 'name="password-new_password1"' not in page.content.decode()

    admin.post(
        "/admin/account/",
        {
            "name_email-first_name": "Eddie",
            "name_email-last_name": "Editor",
            "name_email-email": "somebody-else@example.org",
            "password-old_password": "whatever",
            "password-new_password1": "a new password of some length",
            "password-new_password2": "a new password of some length",
        },
    )
    editor.refresh_from_db()
    assert editor.email != "somebody-else@example.org"
    assert not editor.check_password("a new password of some length")


# The way in, and who staff see there --------------------------------------------------------


ADMIN_LINK = '<a href="/admin/">Admin</a>'


@pytest.mark.parametrize("role", ["Hosts", "Editors", "superuser"])
def test_people_who_may_use_the_admin_find_it_in_the_account_menu(client, role, home_page):
    staff = make_staff(superuser=True) if role == "superuser" else make_staff(group=role)
    sign_in(client, staff)

    assert ADMIN_LINK in client.get("/me/").content.decode()


def test_a_member_is_not_offered_the_admin(member_client, client, home_page):
    assert ADMIN_LINK not in member_client.get("/me/").content.decode()
    assert ADMIN_LINK not in client.get("/").content.decode()


def test_an_account_given_admin_access_itself_finds_it_in_the_account_menu(client, home_page):
    person = make_member()
    person.user_permissions.add(Permission.objects.get(codename="access_admin"))
    sign_in(client, person)

    assert ADMIN_LINK in client.get("/me/").content.decode()


def test_the_account_menu_asks_the_same_question_as_django_in_one_query(
    django_assert_num_queries,
):
    """`may_open_the_admin` answers as `has_perm` does for every kind of account, in at most
    one query, where `has_perm` loads all of an account's permissions in two."""
    direct = make_member(name="Given it directly")
    direct.user_permissions.add(Permission.objects.get(codename="access_admin"))
    retired = make_staff(superuser=True, name="Retired superuser")
    retired.is_active = False
    retired.save()
    lapsed_host = make_staff(group="Hosts", name="Lapsed host")
    lapsed_host.is_active = False
    lapsed_host.save()
    accounts = [
        make_member(name="A member"),
        make_staff(group="Hosts", name="A host"),
        make_staff(group="Editors", name="An editor"),
        make_staff(superuser=True, name="A superuser"),
        direct,
        retired,
        lapsed_host,
    ]
    for account in accounts:
        account = User.objects.get(pk=account.pk)
        with django_assert_num_queries(1 if account.is_active and not account.is_superuser else 0):
            answer = may_open_the_admin(account)
        assert answer == User.objects.get(pk=account.pk).has_perm("wagtailadmin.access_admin")
    assert [may_open_the_admin(User.objects.get(pk=a.pk)) for a in accounts] == [
        False,
        True,
        True,
        True,
        True,
        False,
        False,
    ]
    with django_assert_num_queries(0):
        assert not may_open_the_admin(AnonymousUser())


def test_the_account_menu_asks_nothing_more_once_the_page_has_loaded_the_permissions(
    django_assert_num_queries,
):
    host = User.objects.get(pk=make_staff(group="Hosts").pk)
    member = User.objects.get(pk=make_member().pk)
    for account, answer in ((host, True), (member, False)):
        account.has_perm("members.view_report")  # e.g. a panel on /me/ asking first
        with django_assert_num_queries(0):
            assert may_open_the_admin(account) is answer


def test_the_admin_knows_a_member_by_their_profile_name_not_their_address(member):
    assert get_user_display_name(member) == "Mo Member"
    assert str(member) == "Mo Member"


def test_an_account_without_any_name_is_shown_by_its_address(member):
    profile = profile_of(member)
    profile.display_name = ""
    profile.save()
    member.first_name = member.last_name = ""
    member.save()
    member.refresh_from_db()

    assert str(member) == member.email


def test_the_admin_shows_our_own_picture_and_never_asks_gravatar(editor_client, editor):
    profile = profile_of(editor)
    profile.avatar.name = "avatars/editor.webp"
    profile.save()

    page = editor_client.get("/admin/").content.decode()

    assert f"/members/{profile.slug}/picture/" in page
    assert "gravatar" not in page


def test_without_a_picture_the_admin_shows_the_initials_not_gravatar(editor_client, editor):
    page = editor_client.get("/admin/").content.decode()

    # "Edie Editor": her initials, drawn in an SVG in the page, no request elsewhere.
    assert "data:image/svg+xml," in page
    assert "%3EEE%3C/text%3E" in page
    assert "gravatar" not in page
