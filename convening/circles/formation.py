"""Forming a balanced circle: who to approve from the pool of people interested.

Action learning works best among peers from different places and parts of public life who do
not manage each other. So the suggestion spreads sectors and places as widely as it can, and
never puts two people from the same organisation in one circle (nor someone from the same
organisation as a member already in it). It only suggests: facilitators decide.

The choice is greedy and deterministic: each free place goes to the person who adds the most
sectors and places not yet in the circle; ties go to whoever asked (or was invited) first."""

from dataclasses import dataclass, field

from .models import CircleMembership

Status = CircleMembership.Status


@dataclass
class Candidate:
    membership: CircleMembership
    name: str
    organisation: str  # normalised: trimmed, lower case; "" when not given
    sectors: frozenset
    place: str  # normalised region and country; "" when not given
    reason: str = ""  # why held back

    @property
    def is_request(self) -> bool:
        return self.membership.status == Status.REQUESTED


@dataclass
class Mix:
    places: int
    proposed: list = field(default_factory=list)
    held_back: list = field(default_factory=list)
    waiting: list = field(default_factory=list)

    @property
    def pool_size(self) -> int:
        return len(self.proposed) + len(self.held_back) + len(self.waiting)


def suggest_mix(circle) -> Mix:
    """Who to approve from the pool (pending requests and open invitations) to fill the free
    places. Returns a `Mix`: `proposed` (in the order chosen), `held_back` (same organisation
    as someone in the circle or proposed; `reason` names them) and `waiting` (no place left)."""
    active = list(
        CircleMembership.objects.active()
        .filter(circle=circle)
        .select_related("member__profile")
        .prefetch_related("member__profile__sectors")
    )
    pool = list(
        CircleMembership.objects.filter(
            circle=circle, status__in=[Status.REQUESTED, Status.INVITED]
        )
        .select_related("member__profile")
        .prefetch_related("member__profile__sectors")
        .order_by("created_at", "pk")
    )
    places = max(circle.size_limit - len(active), 0)
    return choose(
        [_candidate(membership) for membership in active],
        [_candidate(membership) for membership in pool],
        places,
    )


def choose(members: list[Candidate], pool: list[Candidate], places: int) -> Mix:
    """The algorithm of `suggest_mix`, on plain candidates; `pool` in order of asking."""
    mix = Mix(places=places)
    organisations = {person.organisation: person.name for person in members if person.organisation}
    sectors = set().union(*(person.sectors for person in members)) if members else set()
    where = {person.place for person in members if person.place}
    remaining = list(pool)
    while remaining:
        for person in list(remaining):
            if person.organisation and person.organisation in organisations:
                person.reason = f"same organisation as {organisations[person.organisation]}"
                mix.held_back.append(person)
                remaining.remove(person)
        if not remaining or len(mix.proposed) >= places:
            break
        best = max(
            enumerate(remaining),
            # Equals go to whoever asked first: `remaining` is in order of asking.
            key=lambda item: (_adds(item[1], sectors, where), -item[0]),
        )[1]
        mix.proposed.append(best)
        remaining.remove(best)
        sectors |= best.sectors
        if best.place:
            where.add(best.place)
        if best.organisation:
            organisations[best.organisation] = best.name
    mix.waiting = remaining
    return mix


def _adds(person, sectors, where) -> int:
    return len(person.sectors - sectors) + (1 if person.place and person.place not in where else 0)


def _candidate(membership) -> Candidate:
    profile = membership.member.profile
    return Candidate(
        membership=membership,
        name=profile.name,
        organisation=normalise(profile.organisation),
        sectors=frozenset(sector.slug for sector in profile.sectors.all()),
        place=", ".join(
            part for part in (normalise(profile.region), normalise(profile.country)) if part
        ),
    )


def normalise(text: str) -> str:
    return " ".join((text or "").split()).casefold()
