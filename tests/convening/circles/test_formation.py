"""Forming a balanced circle: spread sectors and places, keep colleagues apart."""

import datetime

from django.utils import timezone

from convening.circles.formation import Candidate, choose, normalise, suggest_mix
from convening.circles.models import CircleMembership
from tests.convening.circles.factories import make_circle, make_facilitator
from tests.factories import make_member

Status = CircleMembership.Status


def person(name, organisation="", sectors=(), place="", status=Status.REQUESTED):
    return Candidate(
        membership=CircleMembership(status=status),
        name=name,
        organisation=normalise(organisation),
        sectors=frozenset(sectors),
        place=normalise(place),
    )


def names(people):
    return [candidate.name for candidate in people]


def test_the_spread_of_sectors_and_places_wins_over_the_order_of_asking():
    members = [person("Fay", sectors={"health"}, place="leeds")]
    pool = [
        person("Ann", sectors={"health"}, place="leeds"),
        person("Bob", sectors={"social-care"}, place="leeds"),
        person("Cat", sectors={"housing", "education"}, place="bristol"),
    ]
    mix = choose(members, pool, places=2)
    assert names(mix.proposed) == ["Cat", "Bob"]
    assert names(mix.waiting) == ["Ann"]
    assert mix.held_back == []


def test_ties_go_to_whoever_asked_first():
    pool = [person("First", sectors={"health"}), person("Second", sectors={"housing"})]
    assert names(choose([], pool, places=1).proposed) == ["First"]
    assert names(choose([], list(reversed(pool)), places=1).proposed) == ["Second"]


def test_two_people_from_one_organisation_are_never_proposed_together():
    pool = [
        person("Ann", organisation="Leeds City Council", sectors={"local-government"}),
        person("Bob", organisation="  leeds city   COUNCIL ", sectors={"health", "housing"}),
        person("Cat", organisation="Shelter", sectors={"housing"}),
    ]
    mix = choose([], pool, places=3)
    assert names(mix.proposed) == ["Bob", "Cat"]
    assert [(p.name, p.reason) for p in mix.held_back] == [("Ann", "same organisation as Bob")]


def test_nobody_joins_a_colleague_already_in_the_circle():
    members = [person("Fay", organisation="NHS Leeds", status=Status.ACTIVE)]
    pool = [person("Ann", organisation="nhs leeds", sectors={"health"}), person("Bob")]
    mix = choose(members, pool, places=4)
    assert names(mix.proposed) == ["Bob"]
    assert [(p.name, p.reason) for p in mix.held_back] == [("Ann", "same organisation as Fay")]


def test_people_without_an_organisation_are_never_held_back_for_it():
    pool = [person("Ann"), person("Bob"), person("Cat")]
    mix = choose([], pool, places=3)
    assert names(mix.proposed) == ["Ann", "Bob", "Cat"]
    assert mix.held_back == []


def test_a_full_circle_proposes_nobody_but_still_holds_colleagues_back():
    members = [person("Fay", organisation="Shelter")]
    pool = [person("Ann", organisation="Shelter"), person("Bob")]
    mix = choose(members, pool, places=0)
    assert mix.proposed == []
    assert names(mix.held_back) == ["Ann"]
    assert names(mix.waiting) == ["Bob"]


def test_the_same_pool_always_gives_the_same_mix():
    pool = [person(f"P{n}", sectors={f"s{n % 3}"}, place=f"p{n % 2}") for n in range(8)]
    first = names(choose([], list(pool), places=4).proposed)
    for _ in range(3):
        assert names(choose([], list(pool), places=4).proposed) == first


def test_suggest_mix_reads_requests_and_invitations_of_the_circle(db):
    fay = make_facilitator(organisation="Leeds City Council", region="Yorkshire")
    circle = make_circle("Leeds set", facilitator=fay, size_limit=4)
    colleague = make_member(name="Col League", organisation="leeds city council ")
    nurse = make_member(name="Nia Nurse", sectors=["health"], region="Yorkshire")
    tenant = make_member(name="Tim Tenant", sectors=["housing"], region="London")
    late = make_member(name="Lee Late", sectors=["housing", "health"], region="Wales")
    start = timezone.now()
    for minutes, someone, status in [
        (1, colleague, Status.REQUESTED),
        (2, nurse, Status.REQUESTED),
        (3, tenant, Status.INVITED),
        (4, late, Status.REQUESTED),
    ]:
        membership = CircleMembership.objects.create(circle=circle, member=someone, status=status)
        CircleMembership.objects.filter(pk=membership.pk).update(
            created_at=start + datetime.timedelta(minutes=minutes)
        )
    CircleMembership.objects.create(circle=circle, member=make_member(), status=Status.LEFT)

    mix = suggest_mix(circle)

    assert mix.places == 3
    # Lee adds two sectors and a place, Tim a new place, Nia nothing new.
    assert names(mix.proposed) == ["Lee Late", "Tim Tenant", "Nia Nurse"]
    assert [(p.name, p.reason) for p in mix.held_back] == [
        ("Col League", "same organisation as Femi Facilitator")
    ]
    assert [p.is_request for p in mix.proposed] == [True, False, True]
