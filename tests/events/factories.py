"""Gatherings for tests, published through revisions as the admin does.

event = make_gathering("Tuesday gathering", capacity=2, hosts=[host])
make_gathering("Members' evening", visibility="members", starts_in=days(3))
make_gathering("Last month", starts_in=-days(30))          # a past gathering
"""

import datetime

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.utils import timezone

from events.models import EventHost, EventIndexPage, EventPage, Series
from tests.factories import make_member


def days(n):
    return datetime.timedelta(days=n)


def hours(n):
    return datetime.timedelta(hours=n)


def gatherings_index():
    """The index at /gatherings/, which the migrations create."""
    return EventIndexPage.objects.get()


def make_host(name="Harriet Host", *, two_factor=True, **profile):
    """A member of the Hosts group with an authenticator app, as hosts are (#16, item 4)."""
    host = make_member(name=name, **profile)
    host.groups.add(Group.objects.get(name="Hosts"))
    if two_factor:
        TOTP.activate(host, generate_totp_secret())
    return host


def make_gathering(
    title="A gathering",
    *,
    hosts=(),
    starts_in=None,
    lasts=datetime.timedelta(minutes=90),
    starts_at=None,
    time_zone="Europe/London",
    live=True,
    tags=(),
    series=None,
    **fields,
):
    fields.setdefault("summary", f"{title}: a gathering for systems conveners.")
    fields.setdefault("format", EventPage.Format.ONLINE)
    if fields["format"] != EventPage.Format.IN_PERSON:
        fields.setdefault("join_url", "https://meet.example.org/convening-room")
        fields.setdefault("online_platform", "Jitsi")
    start = starts_at or (timezone.now() + (starts_in or days(7))).replace(microsecond=0)
    event = EventPage(
        title=title,
        starts_at=start,
        ends_at=start + lasts,
        time_zone=time_zone,
        series=series,
        **fields,
    )
    for order, host in enumerate(hosts):
        event.hosts.add(EventHost(member=host, sort_order=order))
    if tags:
        event.tags.add(*tags)
    gatherings_index().add_child(instance=event)
    if live:
        event.save_revision().publish()
    else:
        event.live = False
        event.save_revision()
        EventPage.objects.filter(pk=event.pk).update(live=False)
    event.refresh_from_db()
    return event


def make_series(name="Tuesday gatherings", cadence="fortnightly"):
    return Series.objects.create(name=name, cadence=cadence)
