"""What gatherings add to a member's space, their data download and account deletion."""

import io
import json
import zipfile

import pytest

from events.models import AccessNeeds, AccessProvision, Invitation, Rsvp
from events.rsvp import rsvp
from members.data_rights import delete_account, export_member_data
from tests.conftest import signed_in
from tests.events.factories import make_gathering, make_host

pytestmark = pytest.mark.django_db


def test_my_space_lists_the_gatherings_i_am_going_to_and_hosting(member, other_member):
    going_to = make_gathering("Tea and systems")
    host = make_host()
    hosted = make_gathering("Hosted by Harriet", hosts=[host])
    rsvp(going_to, member, going=True)

    mine = signed_in(member).get("/me/").content.decode()
    theirs = signed_in(other_member).get("/me/").content.decode()
    hosts = signed_in(host).get("/me/").content.decode()

    assert f'<a href="{going_to.url}">Tea and systems</a>' in mine
    assert "Tea and systems" not in theirs
    assert "Hosted by Harriet" in hosts
    assert f"/gatherings/{hosted.pk}/host/" in hosts


def test_the_data_download_holds_replies_needs_and_invitations(member):
    event = make_gathering("Tea and systems")
    captions = AccessProvision.objects.get(slug="captions")
    rsvp(event, member, going=True, access_needs=[captions], question="Is it recorded?")
    needs = AccessNeeds.objects.create(member=member, notes="Breaks please")
    needs.needs.add(captions)
    Invitation.objects.create(event=event, email=member.email, member=member, message="Come!")

    archive = zipfile.ZipFile(io.BytesIO(export_member_data(member)))
    replies = json.loads(archive.read("gathering_replies.json"))
    saved_needs = json.loads(archive.read("access_needs.json"))
    invitations = json.loads(archive.read("invitations.json"))

    assert replies[0]["gathering"] == "Tea and systems"
    assert replies[0]["access_needs"] == ["Live captions"]
    assert replies[0]["question_for_hosts"] == "Is it recorded?"
    assert saved_needs == {"needs": ["Live captions"], "notes": "Breaks please"}
    assert invitations[0]["message"] == "Come!"


def test_deleting_an_account_removes_replies_needs_and_invitations_to_its_address(
    member, other_member
):
    event = make_gathering(capacity=1)
    rsvp(event, member, going=True)
    rsvp(event, other_member, going=True)
    AccessNeeds.objects.create(member=member, notes="Breaks please")
    Invitation.objects.create(event=event, email=member.email.upper(), message="Come!")

    delete_account(member, keep_published=False)

    assert list(Rsvp.objects.values_list("member", "status")) == [(other_member.pk, "going")]
    assert not AccessNeeds.objects.exists()
    assert not Invitation.objects.exists()
