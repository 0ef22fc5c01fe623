"""Demo circles in four states, with sessions, reflections, a reply and commitments, written
as rows (no emails). Called by `convening.demo.load`; safe to run again: circles are found by
slug, and a circle that exists is left as it is."""

import datetime

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
MEMBER = "member@convening.example"


def person(index_name):
    """A demo member by the first name the members demo gave them (e.g. "aisha")."""
    return User.objects.filter(email__startswith=f"{index_name}.").first()


CIRCLES = [
    {
        "slug": "health-and-housing-action-learning-set",
        "name": "Health and housing action learning set",
        "purpose": "Six conveners working where health and housing meet bring live problems "
        "from their partnerships: discharge to assess, damp and mould, hospital to home. One "
        "presents, the set asks questions, the presenter leaves with an action.",
        "status": Circle.Status.MEETING,
        "join_policy": Circle.JoinPolicy.REQUEST,
        "cadence": Circle.Cadence.FORTNIGHTLY,
        "planned_sessions": 6,
        "default_structure": "action-learning",
        "topics": ["health and housing", "action learning", "systems convening"],
        "sectors": ["health", "housing"],
        "members": [MEMBER, "ben", "aisha", "samuel"],
        "requests": [
            ("rachel", "I lead on homelessness in Brighton and would bring the council's side."),
            ("nadia", "Commissioning across health and care."),
        ],
        "held": 2,
        "upcoming": 4,
        "reflection": (
            "Who gets to be in the room",
            "I brought the discharge-to-assess delays. The set asked who else feels the delay, "
            "and I realised I had never asked the families.",
            "I had been convening the organisations and leaving out the people the system is "
            "for. The boundary of my 'system' was drawn by job titles.",
            "Invite two families and a ward sister to the next partnership meeting, and ask "
            "them to set one question on the agenda.",
        ),
    },
    {
        "slug": "new-conveners-circle",
        "name": "New conveners' circle",
        "purpose": "For people new to convening: a monthly space to make sense of the work, "
        "ask the questions you cannot ask at work, and find your tribe.",
        "status": Circle.Status.FORMING,
        "join_policy": Circle.JoinPolicy.OPEN,
        "cadence": Circle.Cadence.MONTHLY,
        "planned_sessions": 8,
        "default_structure": "what-so-what-now-what",
        "topics": ["systems convening", "new to convening", "peer support"],
        "sectors": ["voluntary-and-community", "education"],
        "members": ["catriona", "marcus"],
        "requests": [],
        "held": 0,
        "upcoming": 0,
    },
    {
        "slug": "place-based-partnerships-round",
        "name": "Place-based partnerships round",
        "purpose": "An invitation-only circle of partnership leads from four places, comparing "
        "how their systems are changing, with Troika consulting at each session.",
        "status": Circle.Status.MEETING,
        "join_policy": Circle.JoinPolicy.INVITATION,
        "cadence": Circle.Cadence.MONTHLY,
        "planned_sessions": 6,
        "default_structure": "troika",
        "topics": ["place-based working", "systems leadership"],
        "sectors": ["local-government"],
        "members": ["eleanor", "xavier", "james"],
        "requests": [],
        "held": 1,
        "upcoming": 2,
        "reflection": (
            "Consulted with my back turned",
            "In Troika I described the stalled data-sharing agreement and then listened while "
            "two peers talked about it as if I were not there.",
            "Hearing them, I noticed I had framed it as a legal problem when it is a trust "
            "problem between two chief executives.",
            "Ask both chief executives for a walk together before the next board.",
        ),
    },
    {
        "slug": "funders-and-communities-circle",
        "name": "Funders and communities circle",
        "purpose": "Funders and community organisers reflected together on participatory "
        "grant-making over six sessions, and closed with a retrospective.",
        "status": Circle.Status.CLOSED,
        "join_policy": Circle.JoinPolicy.REQUEST,
        "cadence": Circle.Cadence.MONTHLY,
        "planned_sessions": 3,
        "default_structure": "value-creation",
        "topics": ["participatory grant-making", "evaluation"],
        "sectors": ["funder", "voluntary-and-community"],
        "members": ["farid", "grace", "olusegun"],
        "requests": [],
        "held": 3,
        "upcoming": 0,
        "reflection": (
            "What we changed by giving up the decision",
            "Our last session looked back at a year of community panels deciding small grants.",
            "The money mattered less than who got to decide: panels funded things we would "
            "never have shortlisted, and most of them worked.",
            "Write up the panel process with the community organisers and share it with two "
            "other funders.",
        ),
    },
]


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
    for key, answer in spec["requests"]:
        if requester := _user(key):
            CircleMembership.objects.create(
                circle=circle,
                member=requester,
                status=CircleMembership.Status.REQUESTED,
                answers=[{"question": q, "answer": answer} for q in circle.questions],
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
    title, *answers = written
    texts = dict(zip(["what", "so_what", "now_what"], answers, strict=True))
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
