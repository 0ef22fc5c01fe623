"""The demo gatherings that `make run` builds: like the community's own, and never twice."""

import datetime
import itertools
import zoneinfo
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Revision

from events.models import EventPage, Feedback, Invitation, Rsvp, Series, SeriesRegular
from events.visibility import GatheringVisibility
from members.models import User

from ..conftest import signed_in

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


def load():
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (EventPage, Rsvp, Invitation, Feedback, Series, SeriesRegular, Revision)
    }


def test_the_demo_gatherings_look_like_ours_and_are_made_once(client, settings):
    settings.DEBUG = True
    output = load()
    assert "Gatherings at /gatherings/" in output
    made = counts()
    outbox = len(mail.outbox)
    harriet = User.objects.get(email="host@convening.example")
    maya = User.objects.get(email="member@convening.example")
    now = timezone.now()

    # The survey's invitation: free, online, a Tuesday 11:00 to 12:30 in London, by Harriet.
    survey = EventPage.objects.get(slug="continuing-the-conversation")
    start = timezone.localtime(survey.starts_at, LONDON)
    assert (start.weekday(), start.hour, start.minute) == (1, 11, 0)
    assert survey.ends_at - survey.starts_at == datetime.timedelta(minutes=90)
    assert survey.starts_at > now
    assert (survey.format, survey.visibility, survey.time_zone) == (
        "online",
        "public",
        "Europe/London",
    )
    assert list(survey.hosts.values_list("member", flat=True)) == [harriet.pk]
    assert {"world-cafe", "troika-consulting"} <= set(
        survey.practices.values_list("slug", flat=True)
    )

    # A fortnightly series: three upcoming dates, each with its two regulars going.
    series = Series.objects.get(name="Tea and systems")
    upcoming = EventPage.objects.live().filter(series=series).upcoming(now)
    assert upcoming.count() == 3
    dates = [event.starts_at for event in upcoming]
    gaps = [later - earlier for earlier, later in itertools.pairwise(dates)]
    assert gaps == [datetime.timedelta(weeks=2)] * 2
    regulars = set(SeriesRegular.objects.filter(series=series).values_list("member", flat=True))
    assert len(regulars) == 2
    for event in upcoming:
        going = set(event.rsvps.going().values_list("member", flat=True))
        assert regulars <= going, event

    # In person, with the venue only for people going.
    leeds = EventPage.objects.get(slug="where-housing-meets-health-leeds")
    goer = leeds.rsvps.going().first().member
    assert "LS2 7ZZ" in signed_in(goer).get(leeds.url).content.decode()
    assert "LS2 7ZZ" not in client.get(leeds.url).content.decode()
    assert "LS2 7ZZ" not in signed_in(maya).get(leeds.url).content.decode()

    # Members only, invitation only (with invitations), and a full one with a waitlist.
    assert EventPage.objects.filter(visibility=GatheringVisibility.MEMBERS).exists()
    secret = EventPage.objects.get(visibility=GatheringVisibility.INVITED)
    assert secret.invitations.count() >= 4
    listing = client.get("/gatherings/").content.decode()
    assert "Continuing the conversation".lower() in listing.lower()
    assert secret.title not in listing
    assert secret.title not in signed_in(maya).get("/gatherings/").content.decode()
    full = EventPage.objects.get(slug="troika-consulting-practice-round")
    assert full.rsvps.going().count() == full.capacity
    assert full.rsvps.waitlisted().first().member_id == maya.pk

    # A past gathering with its harvest, the practices used and feedback.
    past = EventPage.objects.get(slug="what-the-survey-told-us")
    assert past.has_ended()
    assert past.harvest_notes
    assert past.harvest_outputs
    assert past.harvest_practices.exists()
    assert past.feedback.count() == 3
    assert "The harvest" in client.get(past.url).content.decode()

    load()
    assert counts() == made
    assert len(mail.outbox) == outbox
