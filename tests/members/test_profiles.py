"""Profiles: who may see a profile and each sensitive part of it; editing and previewing."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from members.models import Block, Profile
from members.visibility import Visibility
from tests.conftest import sign_in

from ..factories import make_member

pytestmark = pytest.mark.django_db

CANARY_LINK = "https://canary-link.example"
CANARY_ORG = "Canary Organisation"
CANARY_LIVED = "CANARY lived experience"


def owner_with(**fields):
    return make_member(
        name="Priya Public",
        website=CANARY_LINK,
        organisation=CANARY_ORG,
        lived_experience=CANARY_LIVED,
        **fields,
    )


def page_of(client, user):
    return client.get(f"/members/{user.profile.slug}/")


def image_upload(kind="PNG", size=(64, 48), name="me.png"):
    buffer = BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format=kind)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{kind.lower()}")


class TestWhoSeesAProfile:
    def test_a_public_profile_is_seen_by_visitors(self, client):
        owner = owner_with(visibility=Visibility.PUBLIC)
        assert "Priya Public" in page_of(client, owner).content.decode()

    def test_a_members_only_profile_is_a_404_for_visitors_and_seen_by_members(
        self, client, member_client
    ):
        owner = owner_with(visibility=Visibility.MEMBERS)
        assert page_of(client, owner).status_code == 404
        assert "Priya Public" in page_of(member_client, owner).content.decode()

    def test_a_hidden_profile_is_a_404_for_other_members_not_a_403(self, member_client):
        owner = owner_with(visibility=Visibility.PRIVATE)
        response = page_of(member_client, owner)
        assert response.status_code == 404
        assert "Priya" not in response.content.decode()

    def test_a_hidden_profile_is_seen_by_its_owner_and_staff(self, client, superuser):
        owner = owner_with(visibility=Visibility.PRIVATE)
        sign_in(client, owner)
        assert page_of(client, owner).status_code == 200
        sign_in(client, superuser)
        assert page_of(client, owner).status_code == 200

    def test_an_unverified_account_sees_only_public_profiles(self, client, unverified):
        owner = owner_with(visibility=Visibility.MEMBERS)
        sign_in(client, unverified)
        assert page_of(client, owner).status_code == 404

    def test_blocking_hides_each_from_the_other(self, member_client, member):
        owner = owner_with(visibility=Visibility.MEMBERS)
        Block.objects.create(blocker=owner, blocked=member)
        assert page_of(member_client, owner).status_code == 404

    def test_a_deactivated_members_profile_is_gone(self, member_client):
        owner = owner_with(visibility=Visibility.PUBLIC)
        owner.is_active = False
        owner.save()
        assert page_of(member_client, owner).status_code == 404

    def test_an_unknown_slug_is_a_404(self, member_client):
        assert member_client.get("/members/no-such-person/").status_code == 404


class TestSensitiveFields:
    def test_defaults_show_links_and_organisation_to_members_and_lived_experience_to_no_one(
        self, client, member_client
    ):
        owner = owner_with(visibility=Visibility.PUBLIC)
        as_visitor = page_of(client, owner).content.decode()
        as_member = page_of(member_client, owner).content.decode()
        assert CANARY_LINK not in as_visitor
        assert CANARY_ORG not in as_visitor
        assert CANARY_LINK in as_member
        assert CANARY_ORG in as_member
        assert CANARY_LIVED not in as_member

    def test_each_field_can_be_opened_or_closed_on_its_own(self, client, member_client):
        owner = owner_with(
            visibility=Visibility.PUBLIC,
            contact_visibility=Visibility.PRIVATE,
            organisation_visibility=Visibility.PUBLIC,
            lived_experience_visibility=Visibility.MEMBERS,
        )
        as_visitor = page_of(client, owner).content.decode()
        as_member = page_of(member_client, owner).content.decode()
        assert CANARY_ORG in as_visitor
        assert CANARY_LINK not in as_member
        assert CANARY_LIVED in as_member
        assert CANARY_LIVED not in as_visitor

    def test_a_field_is_never_shown_more_widely_than_its_profile(self, client):
        owner = owner_with(visibility=Visibility.MEMBERS, organisation_visibility=Visibility.PUBLIC)
        sign_in(client, owner)
        preview = client.get("/me/profile/preview/?as=visitor").content.decode()
        assert CANARY_ORG not in preview
        assert "cannot see your profile at all" in preview


class TestViewAsPreview:
    def test_the_preview_shows_exactly_what_a_visitor_and_a_member_see(self, client, member_client):
        owner = owner_with(
            visibility=Visibility.PUBLIC, lived_experience_visibility=Visibility.MEMBERS
        )
        real_visitor = page_of(client, owner).content.decode()
        real_member = page_of(member_client, owner).content.decode()
        sign_in(client, owner)
        as_visitor = client.get("/me/profile/preview/?as=visitor").content.decode()
        as_member = client.get("/me/profile/preview/?as=member").content.decode()
        for canary in (CANARY_LINK, CANARY_ORG, CANARY_LIVED):
            assert (canary in as_visitor) == (canary in real_visitor), canary
            assert (canary in as_member) == (canary in real_member), canary

    def test_an_unknown_preview_audience_falls_back_to_member(self, client):
        owner = owner_with(visibility=Visibility.PUBLIC)
        sign_in(client, owner)
        response = client.get("/me/profile/preview/?as=<script>")
        assert response.status_code == 200
        assert "as another member sees it" in response.content.decode()


class TestEditingMyProfile:
    def valid(self, **changes):
        data = {
            "display_name": "Priya Patel",
            "time_zone": "Europe/London",
            "visibility": "members",
            "contact_visibility": "members",
            "organisation_visibility": "members",
            "lived_experience_visibility": "private",
            "interests": "co-production, mental health",
            "boundaries": "health and housing",
        }
        data.update(changes)
        return data

    def test_visitors_are_sent_to_sign_in(self, client):
        response = client.get("/me/profile/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=/me/profile/")

    def test_a_member_saves_their_profile(self, member_client, member):
        response = member_client.post(
            "/me/profile/", self.valid(sectors=["1"], open_to_peer_support="on")
        )
        assert response.status_code == 302
        profile = Profile.objects.get(user=member)
        assert profile.display_name == "Priya Patel"
        assert sorted(profile.interests.names()) == ["co-production", "mental health"]
        assert list(profile.boundaries.names()) == ["health and housing"]
        assert profile.open_to_peer_support

    def test_script_in_the_bio_is_shown_as_text(self, member_client, member, client):
        member_client.post(
            "/me/profile/", self.valid(bio="<script>alert(1)</script>", visibility="public")
        )
        html = page_of(client, member).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    def test_a_javascript_link_is_refused(self, member_client, member):
        response = member_client.post("/me/profile/", self.valid(website="javascript:alert(1)"))
        assert response.status_code == 200
        assert "Enter a valid URL" in response.content.decode()
        assert Profile.objects.get(user=member).website == ""

    def test_an_unknown_time_zone_is_refused_and_nothing_changes(self, member_client, member):
        response = member_client.post(
            "/me/profile/", self.valid(time_zone="Mars/Olympus", display_name="Changed")
        )
        assert "nothing was saved" in response.content.decode()
        assert Profile.objects.get(user=member).display_name == "Mo Member"

    def test_a_real_image_becomes_a_small_webp_avatar_without_its_metadata(
        self, member_client, member
    ):
        big = image_upload(size=(1600, 1200))
        member_client.post("/me/profile/", {**self.valid(), "avatar": big})
        avatar = Profile.objects.get(user=member).avatar
        with Image.open(avatar) as stored:
            assert stored.format == "WEBP"
            assert max(stored.size) == 400
            assert not stored.getexif()
        assert "priya" not in avatar.name.lower()
        assert "me.png" not in avatar.name

    def test_a_fake_image_is_refused_with_a_message(self, member_client, member):
        fake = SimpleUploadedFile("me.png", b"<html><script>x</script>", content_type="image/png")
        response = member_client.post("/me/profile/", {**self.valid(), "avatar": fake})
        assert "Upload a valid image" in response.content.decode() or (
            "not an image we can read" in response.content.decode()
        )
        assert not Profile.objects.get(user=member).avatar

    def test_an_oversized_image_is_refused_with_a_message(self, member_client, member):
        huge = SimpleUploadedFile(
            "huge.png", b"\x89PNG" + b"0" * (5 * 1024 * 1024 + 1), content_type="image/png"
        )
        response = member_client.post("/me/profile/", {**self.valid(), "avatar": huge})
        content = response.content.decode()
        assert "larger than 5 MB" in content or "Upload a valid image" in content
        assert not Profile.objects.get(user=member).avatar

    def test_a_gif_is_refused(self, member_client, member):
        gif = image_upload(kind="GIF", name="me.gif")
        response = member_client.post("/me/profile/", {**self.valid(), "avatar": gif})
        assert "JPEG, PNG or WebP" in response.content.decode()
        assert not Profile.objects.get(user=member).avatar
