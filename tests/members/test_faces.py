"""Faces: a member's picture where the viewer may see it, else their initials on a colour of
their own; the same component on every page where a person appears."""

import re
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory

from members.avatars import prepare_avatar
from members.faces import PALETTE, colour, face_of, initials
from members.models import Block, Profile
from members.visibility import Visibility
from tests.conftest import signed_in
from tests.events.factories import make_gathering, make_host

from ..factories import make_member, make_staff

pytestmark = pytest.mark.django_db


def with_picture(user):
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (40, 40), "teal").save(buffer, format="PNG")
    buffer.seek(0)
    buffer.size = len(buffer.getvalue())
    profile = user.profile
    profile.avatar = prepare_avatar(buffer)
    profile.save()
    return user


def picture_of(user):
    return f"/members/{user.profile.slug}/picture/"


def rendered(profile, viewer, size="small"):
    request = RequestFactory().get("/")
    request.user = viewer
    return Template("{% load faces %}{% avatar profile size=size %}").render(
        Context({"request": request, "profile": profile, "size": size})
    )


class TestInitials:
    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("Ama Owusu-Reid", "AO"),
            ("ama de la cruz", "AC"),
            ("Priya", "P"),
            ("  Ébène  Ngozi ", "ÉN"),
            ("(Sam) Jones", "J"),
            ("", "?"),
        ],
    )
    def test_are_the_first_letters_of_the_first_and_last_words(self, name, expected):
        assert initials(name) == expected

    def test_a_person_keeps_their_colour_from_page_to_page(self):
        assert colour("ama-owusu") == colour("ama-owusu")
        assert {colour(f"member-{n}") for n in range(200)} == set(range(len(PALETTE)))

    def test_each_colour_of_the_palette_has_its_class_in_the_stylesheet(self):
        css = (Path(settings.BASE_DIR) / "static/css/site.css").read_text()
        for number, hex_colour in enumerate(PALETTE):
            assert f".avatar--colour-{number} {{ background: {hex_colour}; }}" in css


class TestWhoSeesThePicture:
    def test_a_visitor_sees_a_public_members_picture(self):
        owner = with_picture(make_member(name="Priya Public", visibility=Visibility.PUBLIC))
        assert face_of(owner.profile, AnonymousUser()).picture_url == picture_of(owner)

    def test_a_visitor_sees_initials_for_a_members_only_profile(self):
        owner = with_picture(make_member(name="Priya Members", visibility=Visibility.MEMBERS))
        html = rendered(owner.profile, AnonymousUser())
        assert "<img" not in html
        assert picture_of(owner) not in html
        assert ">PM</span>" in html

    def test_a_member_sees_a_members_only_picture_but_not_a_private_one(self, member):
        shared = with_picture(make_member(name="Mia Shared", visibility=Visibility.MEMBERS))
        hidden = with_picture(make_member(name="Hal Hidden", visibility=Visibility.PRIVATE))
        assert face_of(shared.profile, member).picture_url == picture_of(shared)
        assert face_of(hidden.profile, member).picture_url == ""

    def test_an_unverified_account_sees_only_public_pictures(self, unverified):
        shared = with_picture(make_member(name="Mia Shared", visibility=Visibility.MEMBERS))
        assert face_of(shared.profile, unverified).picture_url == ""

    def test_a_block_either_way_hides_the_picture(self, member, other_member):
        with_picture(other_member)
        Block.objects.create(blocker=other_member, blocked=member)
        assert face_of(Profile.objects.get(user=other_member), member).picture_url == ""
        member_again = type(member).objects.get(pk=member.pk)  # a fresh request's user
        Block.objects.all().delete()
        Block.objects.create(blocker=member, blocked=other_member)
        assert face_of(Profile.objects.get(user=other_member), member_again).picture_url == ""

    def test_a_deactivated_members_picture_is_not_shown(self, member, other_member):
        with_picture(other_member)
        other_member.is_active = False
        other_member.save()
        profile = Profile.objects.select_related("user").get(user=other_member)
        assert face_of(profile, member).picture_url == ""

    def test_the_owner_and_staff_see_a_private_picture(self):
        owner = with_picture(make_member(name="Hal Hidden", visibility=Visibility.PRIVATE))
        staff = make_staff(superuser=True)
        assert face_of(owner.profile, owner).picture_url == picture_of(owner)
        assert face_of(owner.profile, staff).picture_url == picture_of(owner)

    def test_the_tag_shows_a_picture_exactly_where_its_address_sends_it(self, client, member):
        """Never a broken image: the rule read from the row agrees with `members:avatar`."""
        people = [
            with_picture(make_member(name=f"Person {level}", visibility=level))
            for level in (Visibility.PUBLIC, Visibility.MEMBERS, Visibility.PRIVATE)
        ]
        for viewer, session in ((AnonymousUser(), client), (member, signed_in(member))):
            for person in people:
                shown = bool(face_of(Profile.objects.get(user=person), viewer).picture_url)
                sent = session.get(picture_of(person)).status_code == 200
                assert shown == sent, (viewer, person.profile.visibility)


class TestTheAvatarComponent:
    def test_initials_are_a_decorative_span_with_a_palette_class_and_no_style(self, member):
        html = rendered(make_member(name="Ama Owusu").profile, member, size="large")
        assert re.fullmatch(
            r'<span class="avatar avatar--large avatar--colour-[0-7]" aria-hidden="true">AO'
            r"</span>",
            html,
        )
        assert "style" not in html

    def test_a_picture_is_decorative_beside_the_name(self, member):
        owner = with_picture(make_member(name="Priya Public", visibility=Visibility.PUBLIC))
        html = rendered(owner.profile, member, size="medium")
        assert f'src="{picture_of(owner)}"' in html
        assert 'alt=""' in html
        assert 'width="48" height="48"' in html

    def test_an_unknown_size_is_a_template_error(self, member):
        from django.template import TemplateSyntaxError

        with pytest.raises(TemplateSyntaxError):
            rendered(member.profile, member, size="enormous")


class TestFacesWherePeopleAppear:
    def test_the_directory_shows_each_member_with_their_face(self, member_client):
        with_picture(make_member(name="Priya Public", visibility=Visibility.PUBLIC))
        make_member(name="Nia Nopicture")
        page = member_client.get("/members/").content.decode()
        assert "/picture/" in page
        assert '">NN</span>' in page

    def test_a_gatherings_hosts_and_people_going_have_faces(self, member_client, member):
        host = make_host("Harriet Host")
        event = make_gathering("Tuesday gathering", hosts=[host])
        from events.models import Rsvp

        going = make_member(name="Gus Going")
        Rsvp.objects.create(event=event, member=going, status="going", on_attendee_list=True)
        page = member_client.get(event.url).content.decode()
        assert '">HH</span>Harriet Host' in page
        assert '">GG</span><a href=' in page

    def test_a_visitor_sees_a_members_only_hosts_initials_not_their_picture(self, client):
        host = with_picture(make_host("Harriet Host", visibility=Visibility.MEMBERS))
        event = make_gathering("Tuesday gathering", hosts=[host])
        page = client.get(event.url).content.decode()
        assert '">HH</span>Harriet Host' in page
        assert picture_of(host) not in page

    def test_a_circles_members_see_each_others_faces_and_no_one_else_sees_the_list(
        self, member, other_member
    ):
        from tests.convening.circles.factories import make_circle

        with_picture(other_member)
        circle = make_circle("Leeds action learning set", members=[member, other_member])
        inside = signed_in(member).get(circle.get_absolute_url()).content.decode()
        assert picture_of(other_member) in inside
        outsider = signed_in(make_member(name="Ola Outsider"))
        outside = outsider.get(circle.get_absolute_url()).content.decode()
        assert picture_of(other_member) not in outside
        assert "Olu Other" not in outside

    def test_your_space_shows_your_own_face(self, member_client):
        page = member_client.get("/me/").content.decode()
        assert '">MM</span><span>Your profile is visible to' in page
