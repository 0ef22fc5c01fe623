"""A member's data rights: downloading everything the site holds about them, and deleting it."""

import io
import json
import zipfile
from contextlib import ExitStack

import pytest
from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail import hooks

from members import data_rights
from members.contact import reply, send_message
from members.models import Block, ContactMessage, Notification, Profile, Report, User
from tests.conftest import sign_in
from tests.factories import make_member, profile_of

DATA = reverse("members:data_rights")
DOWNLOAD = reverse("members:download_data")
DELETE = reverse("members:delete_account")
PASSWORD = "a-long-test-password"


def webp_bytes():
    out = io.BytesIO()
    Image.new("RGB", (10, 10), "teal").save(out, format="WEBP")
    return out.getvalue()


def give_avatar(user):
    profile = profile_of(user)
    profile.avatar = SimpleUploadedFile("me.webp", webp_bytes(), content_type="image/webp")
    profile.save()
    return profile.avatar.name


def download(client):
    response = client.get(DOWNLOAD)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return response, archive


def read_json(archive, name):
    return json.loads(archive.read(name))


@pytest.fixture
def extra_hooks():
    """Registers hooks for one test and takes them away again, leaving the export as it was."""

    class ExtraHooks:
        def __init__(self, stack):
            self.stack = stack

        def export(self, name, func, **kwargs):
            export = data_rights.DataExport(name, func, **kwargs)
            self.stack.enter_context(
                hooks.register_temporarily("convening_data_export", lambda: [export])
            )

        def erasure(self, func):
            self.stack.enter_context(hooks.register_temporarily("convening_erasure", func))

    before = data_rights.what_we_hold()
    with ExitStack() as stack:
        yield ExtraHooks(stack)
    assert data_rights.what_we_hold() == before


@pytest.fixture
def rich_member(db, member, other_member):
    """Mo, with something in every part of the export, and an avatar."""
    profile = profile_of(member)
    profile.headline = "Partnership lead"
    profile.lived_experience = "Grew up in supported housing."
    profile.lived_experience_visibility = "private"
    profile.save()
    profile.interests.set(["co-production", "mental health"])
    profile.boundaries.set(["health and housing"])
    ContactMessage.objects.create(sender=member, recipient=other_member, body="Shall we talk?")
    ContactMessage.objects.create(sender=other_member, recipient=member, body="Yes, gladly.")
    Block.objects.create(blocker=member, blocked=make_member(name="Bea Blocked"))
    Report.objects.create(
        reporter=member,
        content_type=ContentType.objects.get_for_model(Profile),
        object_id=str(profile_of(other_member).pk),
        subject_description="Olu Other's profile",
        reason=Report.Reason.SPAM,
        details="Advertising a course.",
        staff_notes="Spoke to Olu; not spam, a free event.",
    )
    Notification.objects.create(
        user=member, key="digest-1", kind="digest", subject="Your monthly digest", body_text="Hi"
    )
    give_avatar(member)
    return member


# Who may use these pages ------------------------------------------------------------------


@pytest.mark.parametrize("url", [DATA, DOWNLOAD, DELETE])
def test_anonymous_visitors_are_sent_to_sign_in_and_back(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={url}"


def test_the_data_page_says_what_the_site_holds_and_offers_download_and_deletion(member_client):
    response = member_client.get(DATA)
    text = response.content.decode()
    assert "Messages you sent and received" in text
    assert "The members you have blocked." in text
    assert f'href="{DOWNLOAD}"' in text
    assert f'href="{DELETE}"' in text


# Downloading ---------------------------------------------------------------------------------


def test_the_download_is_a_private_zip_named_for_today(member_client, time_machine):
    time_machine.move_to("2025-03-01 10:00Z")
    response, archive = download(member_client)
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        'attachment; filename="convening-my-data-2025-03-01.zip"'
    )
    assert response["Cache-Control"] == "private, no-store"
    readme = archive.read("README.txt").decode()
    assert "Exported on 2025-03-01." in readme
    assert "profile.json: Your profile" in readme


def test_the_zip_holds_every_part_of_the_members_own_data(client, rich_member):
    sign_in(client, rich_member)
    _, archive = download(client)

    names = set(archive.namelist())
    expected = {"account", "profile", "messages", "blocks", "reports", "notifications"}
    assert {f"{name}.json" for name in expected} <= names

    account = read_json(archive, "account.json")
    assert account["email_addresses"] == [
        {"email": rich_member.email, "verified": True, "primary": True}
    ]
    assert account["date_joined"].startswith(str(rich_member.date_joined.date()))
    assert account["signs_in_with_a_password"] is True

    profile = read_json(archive, "profile.json")
    assert profile["display_name"] == "Mo Member"
    assert profile["headline"] == "Partnership lead"
    assert profile["lived_experience"] == "Grew up in supported housing."
    assert profile["lived_experience_visibility"] == "private"
    assert profile["visibility"] == "members"
    assert profile["interests"] == ["co-production", "mental health"]
    assert profile["boundaries"] == ["health and housing"]
    assert profile["digest"] == "monthly"
    assert profile["avatar"] == "images/avatar.webp"

    messages = read_json(archive, "messages.json")
    assert [(m["to"], m["body"]) for m in messages["sent"]] == [("Olu Other", "Shall we talk?")]
    assert [(m["from"], m["body"]) for m in messages["received"]] == [("Olu Other", "Yes, gladly.")]

    assert [block["member"] for block in read_json(archive, "blocks.json")] == ["Bea Blocked"]

    (report,) = read_json(archive, "reports.json")
    assert report["reason"] == "Spam or advertising"
    assert report["details"] == "Advertising a course."
    assert report["status"] == "Open"
    assert "staff_notes" not in report
    assert "Spoke to Olu" not in archive.read("reports.json").decode()

    (notification,) = read_json(archive, "notifications.json")
    assert notification["subject"] == "Your monthly digest"
    assert notification["kind"] == "digest"

    assert archive.read("images/avatar.webp") == webp_bytes()


def test_the_export_never_contains_the_other_partys_email_address(client, rich_member):
    other = User.objects.get(profile__display_name="Olu Other")
    blocked = User.objects.get(profile__display_name="Bea Blocked")
    sign_in(client, rich_member)
    _, archive = download(client)
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert other.email.encode() not in everything
    assert blocked.email.encode() not in everything


def test_another_members_private_data_never_appears_in_my_export(client, member, other_member):
    theirs = profile_of(other_member)
    theirs.lived_experience = "Olu's private story"
    theirs.lived_experience_visibility = "private"
    theirs.bio = "Olu's bio"
    theirs.save()
    ContactMessage.objects.create(
        sender=other_member, recipient=make_member(name="Third"), body="Olu's private note"
    )
    Notification.objects.create(
        user=other_member, key="k", kind="digest", subject="Olu's digest", body_text="x"
    )
    sign_in(client, member)
    _, archive = download(client)
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode()
    for secret in ("Olu's private story", "Olu's bio", "Olu's private note", "Olu's digest"):
        assert secret not in everything
    assert other_member.email not in everything


def test_a_registered_export_adds_its_own_file_to_the_zip(member_client, member, extra_hooks):
    def export_rsvps(user):
        return [{"gathering": "Spring gathering", "for": user.profile.name}]

    extra_hooks.export("rsvps", export_rsvps, description="Gatherings you replied to.")
    _, archive = download(member_client)
    assert read_json(archive, "rsvps.json") == [
        {"gathering": "Spring gathering", "for": "Mo Member"}
    ]
    assert "rsvps.json: Gatherings you replied to." in archive.read("README.txt").decode()
    assert "Gatherings you replied to." in member_client.get(DATA).content.decode()


def test_two_exports_cannot_share_a_name(extra_hooks):
    extra_hooks.export("profile", lambda user: {})
    with pytest.raises(ValueError, match="already registered"):
        data_rights.what_we_hold()


# Deleting ------------------------------------------------------------------------------------


def test_the_delete_page_asks_for_the_password_and_deletes_nothing(member_client, member):
    response = member_client.get(DELETE)
    text = response.content.decode()
    assert "Your current password" in text
    assert "Keep the stories I published, shown as by &#x27;a former member&#x27;" in text
    assert User.objects.filter(pk=member.pk).exists()
    assert Profile.objects.filter(user=member).exists()


def test_a_wrong_password_deletes_nothing_and_says_so(member_client, member):
    response = member_client.post(DELETE, {"password": "not-my-password"})
    assert "That is not your current password. Nothing has been deleted." in (
        response.content.decode()
    )
    assert User.objects.filter(pk=member.pk).exists()
    assert member_client.get(DATA).status_code == 200  # still signed in


def test_a_missing_confirmation_deletes_nothing_and_says_so(member_client, member):
    response = member_client.post(DELETE, {"keep_published": "on"})
    assert "Type your current password to confirm." in response.content.decode()
    assert User.objects.filter(pk=member.pk).exists()


def test_the_right_password_deletes_the_account_and_personal_data(
    client, rich_member, other_member, django_capture_on_commit_callbacks
):
    avatar = profile_of(rich_member).avatar.name
    assert storages["private"].exists(avatar)
    email = rich_member.email
    sign_in(client, rich_member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DELETE, {"password": PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == "/"
    assert "Your account and personal data have been deleted." in response.content.decode()
    assert not User.objects.filter(email=email).exists()
    assert not Profile.objects.filter(display_name="Mo Member").exists()
    assert not EmailAddress.objects.filter(email=email).exists()
    assert not ContactMessage.objects.filter(body__in=["Shall we talk?", "Yes, gladly."]).exists()
    assert not Block.objects.filter(blocked__profile__display_name="Bea Blocked").exists()
    assert not Notification.objects.filter(subject="Your monthly digest").exists()
    assert not storages["private"].exists(avatar)
    # Staff keep the report, no longer linked to anyone.
    report = Report.objects.get(details="Advertising a course.")
    assert report.reporter is None
    # The session is over.
    assert "_auth_user_id" not in client.session
    assert client.get(DATA).status_code == 302


def test_other_members_data_is_untouched_by_a_deletion(member_client, member, other_member):
    ContactMessage.objects.create(
        sender=other_member, recipient=make_member(name="Third"), body="Olu to Third"
    )
    give_avatar(other_member)
    their_avatar = profile_of(other_member).avatar.name

    member_client.post(DELETE, {"password": PASSWORD})

    assert not User.objects.filter(pk=member.pk).exists()
    assert profile_of(other_member).display_name == "Olu Other"
    assert EmailAddress.objects.filter(user=other_member, verified=True).exists()
    assert ContactMessage.objects.filter(body="Olu to Third").exists()
    assert storages["private"].exists(their_avatar)


def test_a_deleted_members_words_leave_the_emails_recorded_for_others(
    member_client, member, other_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_message(member, other_member, "Words of the member who leaves.")
        theirs = send_message(other_member, member, "Olu's own question.")
        reply(theirs, "The leaver's answer.")
    assert Notification.objects.filter(user=other_member).count() == 2

    member_client.post(DELETE, {"password": PASSWORD})

    left = Notification.objects.filter(user=other_member)
    assert not left.filter(body_text__contains="Words of the member who leaves.").exists()
    assert not left.filter(body_text__contains="The leaver's answer.").exists()
    assert not left.exists()


def test_the_email_address_can_join_again_after_deletion(client, member):
    email = member.email
    sign_in(client, member)
    client.post(DELETE, {"password": PASSWORD})

    client.post(
        reverse("account_signup"),
        {
            "email": email,
            "password1": "another-long-password",
            "password2": "another-long-password",
            "display_name": "Mo Again",
        },
    )
    again = User.objects.get(email=email)
    assert again.pk != member.pk
    assert again.profile.display_name == "Mo Again"


def test_a_failing_erasure_rolls_the_whole_deletion_back(member, extra_hooks):
    def refuse(user, *, keep_published):
        raise RuntimeError("the stories app is down")

    give_avatar(member)
    avatar = profile_of(member).avatar.name
    extra_hooks.erasure(refuse)
    with pytest.raises(RuntimeError):
        data_rights.delete_account(member, keep_published=False)
    assert User.objects.filter(pk=member.pk).exists()
    assert storages["private"].exists(avatar)


def test_a_passwordless_account_confirms_by_typing_its_email(client, member):
    member.set_unusable_password()
    member.save()
    sign_in(client, member)

    page = client.get(DELETE).content.decode()
    assert "Your email address" in page
    assert "Your current password" not in page

    response = client.post(DELETE, {"email": "someone-else@example.org"})
    assert "That is not the email address of this account." in response.content.decode()
    assert User.objects.filter(pk=member.pk).exists()

    client.post(DELETE, {"email": member.email.upper()})
    assert not User.objects.filter(pk=member.pk).exists()


def test_registered_erasures_run_with_the_members_choice_before_the_account_goes(
    member_client, member, extra_hooks
):
    calls = []

    def forget_stories(user, *, keep_published):
        # Runs before the user row is deleted, so the member's data is still there to clean up.
        calls.append((user.pk, keep_published, Profile.objects.filter(user=user).exists()))

    extra_hooks.erasure(forget_stories)
    member_client.post(DELETE, {"password": PASSWORD, "keep_published": "on"})
    assert calls == [(member.pk, True, True)]
    assert not User.objects.filter(pk=member.pk).exists()


def test_keeping_published_stories_is_not_the_default(member_client, member, extra_hooks):
    calls = []
    extra_hooks.erasure(lambda user, *, keep_published: calls.append(keep_published))
    member_client.post(DELETE, {"password": PASSWORD})
    assert calls == [False]
