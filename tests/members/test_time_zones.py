"""Times are shown in the viewer's own zone. The time-zone lists of profiles, circles and
gatherings offer canonical zones only, grouped by region and named by place; a zone stored
under an older name still works and becomes its canonical zone; the device's zone is offered by
a small script and nothing needs it."""

import re
from datetime import UTC, datetime

import pytest

from members.forms import ProfileForm
from members.models import ContactMessage, Profile
from members.time_zones import (
    TIME_ZONE_CHOICES,
    TimeZoneField,
    canonical_zone,
    validate_time_zone,
)

from ..conftest import signed_in
from ..factories import make_member

pytestmark = pytest.mark.django_db


def test_a_message_time_reads_in_each_recipients_own_zone():
    sender = make_member(name="Sender")
    london = make_member(name="In London", time_zone="Europe/London")
    new_york = make_member(name="In New York", time_zone="America/New_York")
    sent = datetime(2026, 7, 1, 10, 30, tzinfo=UTC)
    for recipient in (london, new_york):
        message = ContactMessage.objects.create(sender=sender, recipient=recipient, body="Hi")
        ContactMessage.objects.filter(pk=message.pk).update(created_at=sent)
    assert "1 July 2026, 11:30" in signed_in(london).get("/me/messages/").content.decode()
    assert "1 July 2026, 06:30" in signed_in(new_york).get("/me/messages/").content.decode()


ALIASES = ["GB-Eire", "W-SU", "Asia/Calcutta", "US/Eastern", "Europe/Kiev", "Etc/UTC"]


def offered() -> dict[str, str]:
    zones = {}
    for value, label in TIME_ZONE_CHOICES:
        zones |= dict(label) if isinstance(label, list) else {value: label}
    return zones


def test_only_canonical_zones_are_offered_grouped_by_region():
    zones = offered()
    assert 400 < len(zones) < 450  # one or more for each country, not 597 names
    for alias in ALIASES:
        assert alias not in zones, alias
    assert {"Asia/Kolkata", "Europe/London", "Europe/Moscow", "Europe/Kyiv", "UTC"} <= set(zones)
    groups = [value for value, label in TIME_ZONE_CHOICES if isinstance(label, list)]
    assert groups == [
        "Africa",
        "America",
        "Antarctica",
        "Arctic",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    ]
    europe = dict(dict(TIME_ZONE_CHOICES)["Europe"])
    assert europe["Europe/London"] == "London (United Kingdom)"
    assert zones["America/Argentina/Buenos_Aires"] == "Buenos Aires (Argentina)"
    assert zones["America/New_York"] == "New York (United States)"


@pytest.mark.parametrize(
    ("alias", "zone"),
    [
        ("GB-Eire", "Europe/London"),
        ("Europe/Belfast", "Europe/London"),
        ("W-SU", "Europe/Moscow"),
        ("Asia/Calcutta", "Asia/Kolkata"),
        ("US/Eastern", "America/New_York"),
        ("Europe/Kiev", "Europe/Kyiv"),
        ("Etc/UTC", "UTC"),
        ("Europe/London", "Europe/London"),
        ("Etc/GMT+5", "Etc/GMT+5"),  # rules of its own: kept as it is
    ],
)
def test_an_older_name_is_still_valid_and_maps_to_its_canonical_zone(alias, zone):
    validate_time_zone(alias)
    assert canonical_zone(alias) == zone
    assert TimeZoneField().clean(alias) == zone


def test_the_profile_form_shows_regions_and_an_alias_as_its_canonical_zone(member):
    profile = member.profile
    profile.time_zone = "Asia/Calcutta"
    profile.save()
    html = str(ProfileForm(instance=profile)["time_zone"])
    assert '<optgroup label="Europe">' in html
    assert re.search(r'<option value="Asia/Kolkata" selected>Kolkata \(India\)</option>', html)
    assert "Calcutta" not in html
    assert "data-time-zone" in html


def test_a_zone_no_list_offers_stays_chosen_rather_than_changing_unasked(member):
    profile = member.profile
    profile.time_zone = "Etc/GMT+5"
    profile.save()
    html = str(ProfileForm(instance=profile)["time_zone"])
    assert re.search(r'<option value="Etc/GMT\+5" selected>', html)


def test_saving_a_profile_with_an_older_zone_name_stores_the_canonical_one(member_client, member):
    response = member_client.post(
        "/me/profile/",
        {
            "display_name": "Priya Patel",
            "time_zone": "GB-Eire",
            "visibility": "members",
            "contact_visibility": "members",
            "organisation_visibility": "members",
            "lived_experience_visibility": "private",
        },
    )
    assert response.status_code == 302
    assert Profile.objects.get(user=member).time_zone == "Europe/London"


def test_the_profile_page_offers_the_device_zone_by_an_external_script(member_client):
    html = member_client.get("/me/profile/").content.decode()
    assert re.search(r'<script src="/static/js/time-zone\.js" defer></script>', html)
    assert "<script>" not in html
