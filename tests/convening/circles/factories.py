"""Circles, sessions and reflections for tests.

facilitator = make_facilitator()
circle = make_circle("Leeds action learning set", facilitator=facilitator, members=[ada, bo])
session = make_session(circle, starts_in=days(7))
make_reflection(ada, session=session, visibility="circle", circle=circle)
"""

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone

from convening.circles.models import Circle, CircleMembership, CircleSession, Reflection
from practices.models import Competency
from tests.factories import make_member


def days(n):
    return datetime.timedelta(days=n)


def make_facilitator(name="Femi Facilitator", **profile):
    person = make_member(name=name, **profile)
    person.groups.add(Group.objects.get(name="Facilitators"))
    return person


def make_circle(name="A circle", *, facilitator=None, members=(), topics=(), **fields):
    fields.setdefault("purpose", f"{name}: peers reflecting on systems work together.")
    circle = Circle.objects.create(name=name, created_by=facilitator, **fields)
    now = timezone.now()
    if facilitator is not None:
        CircleMembership.objects.create(
            circle=circle,
            member=facilitator,
            role=CircleMembership.Role.FACILITATOR,
            status=CircleMembership.Status.ACTIVE,
            agreed_at=now,
            joined_at=now,
        )
    for person in members:
        CircleMembership.objects.create(
            circle=circle,
            member=person,
            status=CircleMembership.Status.ACTIVE,
            agreed_at=now,
            joined_at=now,
        )
    if topics:
        circle.topics.add(*topics)
    return circle


def make_session(circle, *, starts_in=None, number=None, **fields):
    start = (timezone.now() + (starts_in if starts_in is not None else days(7))).replace(
        microsecond=0
    )
    fields.setdefault("join_url", "https://meet.example.org/circle-room")
    number = number or circle.sessions.count() + 1
    return CircleSession.objects.create(
        circle=circle,
        number=number,
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=90),
        **fields,
    )


def make_reflection(author, *, title="What I noticed", competencies=(), sections=None, **fields):
    sections = sections or [
        {"key": "what", "heading": "What?", "text": "We mapped the discharge pathway."},
        {"key": "so_what", "heading": "So what?", "text": "Nobody owns the handover."},
        {"key": "now_what", "heading": "Now what?", "text": "Ask the ward to co-host."},
    ]
    reflection = Reflection.objects.create(author=author, title=title, sections=sections, **fields)
    if competencies:
        reflection.competencies.set(Competency.objects.filter(code__in=competencies))
    return reflection
