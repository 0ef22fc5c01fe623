"""Demo circles in four states, with sessions, reflections, a reply and commitments, written
as rows (no emails). Run by `load_demo_content` after the home pages; safe to run again:
circles are found by slug, and a circle that exists is left as it is. The circles themselves are in
`data/demo/circles.yaml`."""

import datetime
from pathlib import Path

import yaml
from django.utils import timezone

from members.models import User
from practices.models import Competency
from practices.value import ValueCycle

from .models import (
    Circle,
    CircleMembership,
    CircleSession,
    Commitment,
    Reflection,
    ReflectionReply,
    ReflectionVisibility,
    SessionAttendance,
)
from .structures import structure_of

FACILITATOR = "facilitator@convening.example"


def person(index_name):
    """A demo member by the first name the members demo gave them (e.g. "aisha")."""
    return User.objects.filter(email__startswith=f"{index_name}.").first()


CIRCLES = yaml.safe_load(
    (Path(__file__).resolve().parent / "data" / "demo" / "circles.yaml").read_text(encoding="utf-8")
)["circles"]


def load(out):
    facilitator = User.objects.get(email=FACILITATOR)
    made = 0
    for spec in CIRCLES:
        if Circle.objects.filter(slug=spec["slug"]).exists():
            continue
        _make_circle(spec, facilitator)
        made += 1
    out.write(
        f"  {len(CIRCLES)} circles in different states ({made} new), with sessions and reflections"
    )


def _user(key):
    return User.objects.filter(email=key).first() if "@" in key else person(key)


def _make_circle(spec, facilitator):
    now = timezone.now()
    circle = Circle.objects.create(
        slug=spec["slug"],
        name=spec["name"],
        purpose=spec["purpose"],
        status=spec["status"],
        join_policy=spec["join_policy"],
        cadence=spec["cadence"],
        planned_sessions=spec["planned_sessions"],
        default_structure=spec["default_structure"],
        created_by=facilitator,
    )
    circle.topics.add(*spec["topics"])
    from members.models import Sector

    circle.sectors.set(Sector.objects.filter(slug__in=spec["sectors"]))
    joined = now - datetime.timedelta(days=60)
    CircleMembership.objects.create(
        circle=circle,
        member=facilitator,
        role=CircleMembership.Role.FACILITATOR,
        status=CircleMembership.Status.ACTIVE,
        agreed_at=joined,
        joined_at=joined,
    )
    members = [user for key in spec["members"] if (user := _user(key))]
    for member in members:
        CircleMembership.objects.create(
            circle=circle,
            member=member,
            status=CircleMembership.Status.ACTIVE,
            agreed_at=joined,
            joined_at=joined,
        )
    for request in spec["requests"]:
        if requester := _user(request["member"]):
            CircleMembership.objects.create(
                circle=circle,
                member=requester,
                status=CircleMembership.Status.REQUESTED,
                answers=[{"question": q, "answer": request["answer"]} for q in circle.questions],
            )
    _make_sessions(circle, spec, members, facilitator)


def _make_sessions(circle, spec, members, facilitator):
    step = {"weekly": 7, "fortnightly": 14, "monthly": 28}[circle.cadence]
    held, upcoming = spec["held"], spec["upcoming"]
    today_11 = timezone.localtime().replace(hour=11, minute=0, second=0, microsecond=0)
    sessions = []
    for number, offset in enumerate(range(-held, upcoming), start=1):
        start = today_11 + datetime.timedelta(days=step * offset + (3 if offset >= 0 else 0))
        presenter = (
            members[(number - 1) % len(members)] if members and circle.presenter_rota else None
        )
        sessions.append(
            CircleSession.objects.create(
                circle=circle,
                number=number,
                starts_at=start,
                ends_at=start + datetime.timedelta(minutes=90),
                join_url="https://meet.example.org/" + circle.slug,
                structure=circle.default_structure,
                presenter=presenter,
                is_closing=number == circle.planned_sessions,
                status=CircleSession.Status.HELD if offset < 0 else CircleSession.Status.SCHEDULED,
                facilitator_notes="Quiet start; give the presenter more time next session."
                if offset == -1
                else "",
                retrospective="We learned to ask before advising. Two of us will carry on as "
                "a pair; the circle closes here."
                if number == circle.planned_sessions and offset < 0
                else "",
            )
        )
    for session in sessions:
        if session.status == CircleSession.Status.HELD:
            for member in [facilitator, *members]:
                SessionAttendance.objects.create(session=session, member=member, present=True)
    past = [s for s in sessions if s.status == CircleSession.Status.HELD]
    if past and members and spec.get("reflection"):
        _make_reflections(circle, past[-1], members, spec["reflection"])


def _make_reflections(circle, session, members, written):
    author, replier = members[0], members[1 % len(members)]
    structure = structure_of("what-so-what-now-what")
    title = written["title"]
    texts = {key: written[key] for key in ["what", "so_what", "now_what"]}
    reflection = Reflection.objects.create(
        author=author,
        title=title,
        date=session.starts_at.date(),
        structure=structure.code,
        sections=[
            {"key": p.key, "heading": p.heading, "text": texts[p.key]} for p in structure.prompts
        ],
        session=session,
        value_cycle=ValueCycle.APPLIED,
        visibility=ReflectionVisibility.CIRCLE,
        circle=circle,
    )
    reflection.competencies.set(Competency.objects.filter(code__in=["S9", "B1", "K3"]))
    ReflectionReply.objects.create(
        reflection=reflection,
        author=replier,
        text="This landed for me too: we did the same with tenants last year. Happy to share "
        "how we paid people for their time.",
    )
    Commitment.objects.create(
        member=author, session=session, reflection=reflection, text=texts["now_what"]
    )
    if circle.slug != CIRCLES[0]["slug"]:
        return
    private = Reflection.objects.create(
        author=author,
        title="Nervous about presenting",
        date=session.starts_at.date(),
        structure="open",
        sections=[
            {
                "key": "reflection",
                "heading": "Reflection",
                "text": "I nearly did not bring my problem. Naming the nerves helped.",
            }
        ],
        session=session,
        value_cycle=ValueCycle.IMMEDIATE,
        visibility=ReflectionVisibility.PRIVATE,
    )
    private.competencies.set(Competency.objects.filter(code__in=["B1"]))
