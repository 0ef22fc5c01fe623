"""The benchmark's member writes (`bench/activity.py`) send the profile form back as a member's
browser would, and tell a change the site made from one it did not by the message it left."""

from collections import defaultdict

from django.contrib.messages import constants
from django.urls import reverse

from bench.activity import form_with, message_levels


def test_the_profile_form_as_read_saves_with_one_field_changed(member, member_client):
    url = reverse("members:edit_profile")
    fields = form_with(member_client.get(url).content, "headline")
    assert fields is not None
    data = defaultdict(list)
    for name, value in fields:
        data[name].append("Convener, bench edit 1" if name == "headline" else value)

    response = member_client.post(url, data)

    assert response.status_code == 302
    assert response["Location"] == url
    assert message_levels(response.cookies["messages"].value) == [constants.SUCCESS]
    member.profile.refresh_from_db()
    assert member.profile.headline == "Convener, bench edit 1"


def test_a_cookie_that_is_not_django_messages_has_none():
    assert message_levels("not-base64!:x:y") == []
