"""Circles' life: starting one, joining, asking, inviting, deciding, leaving, pausing, closing.

Every change to who is in a circle goes through these functions (views, demo content and tests
call them). Each runs in one transaction and locks the circle's row before counting places, so
a full circle stays full when many people ask for its last place at once (PostgreSQL:
`SELECT ... FOR UPDATE`; SQLite serialises writers anyway). Emails go after commit through
`members.notifications.notify`.

Joining is accepting the agreements: the join, request and invitation forms carry a required
"I accept the circle's agreements" box, and the services refuse without it, so every active
member has `agreed_at` set.

Finding circles (the /circles/ listing and its suggestions) is at the end of this module."""

from contextlib import contextmanager

import django.dispatch
from django.conf import settings
from django.db import OperationalError, transaction
from django.db.models import Case, Count, F, IntegerField, Q, Value, When, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone

from convening.shared.locking import bound_lock_wait, is_lock_timeout
from members.models import Profile, Sector, is_verified_member
from members.models.profile import TaggedInterest
from members.notifications import UPDATE, notify

from . import rules
from .models import Circle, CircleMembership, TaggedCircle

Status = CircleMembership.Status
# What a circle's card in a listing shows: not its agreements, questions or rota.
CARD_FIELDS = (
    "name",
    "slug",
    "purpose",
    "size_limit",
    "cadence",
    "format",
    "place",
    "time_zone",
    "join_policy",
    "status",
)
Role = CircleMembership.Role

# Sent after a circle's status changes (in the same transaction), with `circle`, `previous`,
# `status` and `by`. Sessions use it to offer renewing a circle that closes.
status_changed = django.dispatch.Signal()


class CircleRefused(Exception):
    """A change the rules do not allow; the message says why, in words for the member."""


class NotVerified(CircleRefused):
    pass


class NotAllowed(CircleRefused):
    pass


class CircleClosed(CircleRefused):
    pass


class CirclePaused(CircleRefused):
    pass


class CircleFull(CircleRefused):
    pass


class NotInvited(CircleRefused):
    pass


class AlreadyInCircle(CircleRefused):
    pass


class AgreementsNotAccepted(CircleRefused):
    pass


class AlreadyDecided(CircleRefused):
    pass


class LastFacilitator(CircleRefused):
    pass


class TooSmall(CircleRefused):
    pass


class TryAgain(CircleRefused):
    pass


# Starting and editing a circle.

SETTINGS_FIELDS = [
    "name",
    "purpose",
    "size_limit",
    "cadence",
    "format",
    "place",
    "time_zone",
    "planned_sessions",
    "join_policy",
    "agreements",
    "join_questions",
    "quorum",
    "presenter_rota",
    "default_structure",
]


def start_circle(by, *, topics=(), sectors=(), **fields) -> Circle:
    """Start a circle with `fields` (see SETTINGS_FIELDS), `topics` (tag names) and `sectors`.

    Side effects: creates the circle (forming) and makes `by` its facilitator, active and
    agreed to its agreements.

    Raises NotAllowed unless `by` may start circles (the Facilitators role), and Django's
    ValidationError for settings out of bounds (the form checks them first)."""
    if not rules.can_start_circles(by):
        raise NotAllowed("Only facilitators can start circles. Ask the team if you would like to.")
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"Unknown circle settings: {sorted(unknown)}")
    now = timezone.now()
    with transaction.atomic():
        circle = Circle(created_by=by, status=Circle.Status.FORMING, **fields)
        circle.full_clean(exclude=["slug", "created_by"])
        circle.save()
        circle.topics.set(list(topics))
        circle.sectors.set(list(sectors))
        CircleMembership.objects.create(
            circle=circle,
            member=by,
            role=Role.FACILITATOR,
            status=Status.ACTIVE,
            agreed_at=now,
            joined_at=now,
        )
    return circle


def edit_circle(circle, by, *, topics=None, sectors=None, **fields) -> Circle:
    """Change a circle's settings. `topics` and `sectors`, when given, replace the old ones.

    Side effects: saves the circle.

    Raises NotAllowed (not a facilitator of this circle), TooSmall (a size limit below the
    number of members), ValidationError for other settings out of bounds, TryAgain."""
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"Unknown circle settings: {sorted(unknown)}")
    with _locked(circle) as locked:
        _require_facilitator(locked, by)
        size = fields.get("size_limit", locked.size_limit)
        members = _active_count(locked)
        if size < members:
            raise TooSmall(
                f"The circle has {members} members: its size limit cannot be smaller than that."
            )
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.full_clean(exclude=["created_by"])
        locked.save()
        if topics is not None:
            locked.topics.set(list(topics))
        if sectors is not None:
            locked.sectors.set(list(sectors))
    return locked


# Members joining.


def join(circle, member, *, agreed: bool) -> CircleMembership:
    """Join an open circle straight away, accepting its agreements (`agreed` must be True).

    Side effects: the member's membership becomes active (created if new), with `agreed_at`.

    Raises NotVerified, AgreementsNotAccepted, NotInvited (the circle is not open: ask or wait
    for an invitation), CircleClosed, CirclePaused, CircleFull, AlreadyInCircle (already a
    member, or removed by a facilitator), TryAgain."""
    _require_verified(member)
    _require_agreement(agreed)
    with _locked(circle) as locked:
        membership = _membership(locked, member)
        _check_may_join(locked, membership)
        if membership and membership.status == Status.INVITED:
            raise AlreadyInCircle("You are invited to this circle: accept the invitation to join.")
        if locked.join_policy != Circle.JoinPolicy.OPEN:
            if locked.join_policy == Circle.JoinPolicy.REQUEST:
                raise NotInvited(
                    "This circle takes requests: ask to join and a facilitator decides."
                )
            raise NotInvited("This circle is by invitation only.")
        return _activate(locked, membership, member, agreed_at=timezone.now())


def request_to_join(circle, member, *, answers=(), message="", agreed: bool) -> CircleMembership:
    """Ask to join a circle that takes requests, answering its own questions (kept for its
    facilitators only) and accepting its agreements.

    `answers` are the texts in the order of `circle.questions`; they are stored with their
    questions, so a later change to the questions does not garble them.

    Side effects: the membership becomes "asked to join" (created if new); after commit, each
    facilitator is emailed the request with the answers.

    Raises NotVerified, AgreementsNotAccepted, NotInvited (not a circle that takes requests),
    CircleClosed, CirclePaused, CircleFull, AlreadyInCircle (already a member, already asked,
    or removed by a facilitator), TryAgain."""
    _require_verified(member)
    _require_agreement(agreed)
    with _locked(circle) as locked:
        membership = _membership(locked, member)
        _check_may_join(locked, membership)
        if locked.join_policy == Circle.JoinPolicy.OPEN:
            raise NotInvited("This circle is open: join it straight away.")
        if locked.join_policy == Circle.JoinPolicy.INVITATION:
            raise NotInvited("This circle is by invitation only.")
        if membership and membership.status == Status.REQUESTED:
            raise AlreadyInCircle(
                "You have already asked to join: a facilitator will let you know."
            )
        if membership and membership.status == Status.INVITED:
            raise AlreadyInCircle("You are invited to this circle: accept the invitation to join.")
        now = timezone.now()
        questions = locked.questions
        texts = [str(text).strip() for text in answers]
        membership = membership or CircleMembership(circle=locked, member=member)
        membership.role = Role.MEMBER
        membership.status = Status.REQUESTED
        membership.answers = [
            {"question": question, "answer": texts[index] if index < len(texts) else ""}
            for index, question in enumerate(questions)
        ]
        membership.message = (message or "").strip()
        membership.agreed_at = now
        membership.decided_by = None
        membership.joined_at = membership.ended_at = None
        membership.save()
        _tell_facilitators_of_request(locked, membership, now)
    return membership


def answer_invitation(circle, member, *, accept: bool, agreed: bool = False) -> CircleMembership:
    """Accept (with the agreements: `agreed` must be True) or decline an invitation.

    Side effects: the membership becomes active (with `agreed_at`) or declined.

    Raises NotInvited (no open invitation), AgreementsNotAccepted, CircleClosed, CirclePaused,
    CircleFull (accepting only: declining always works), TryAgain."""
    _require_verified(member)
    if accept:
        _require_agreement(agreed)
    with _locked(circle) as locked:
        membership = _membership(locked, member, lock=True)
        if membership is None or membership.status != Status.INVITED:
            raise NotInvited("There is no invitation to this circle waiting for you.")
        if not accept:
            membership.status = Status.DECLINED
            membership.ended_at = timezone.now()
            membership.save(update_fields=["status", "ended_at"])
            return membership
        _check_may_join(locked, membership)
        return _activate(locked, membership, member, agreed_at=timezone.now())


def accept_agreements(circle, member) -> CircleMembership:
    """An active member accepts the circle's agreements (members added before they had to).
    Idempotent.

    Side effects: sets `agreed_at`.

    Raises NotAllowed when the person is not an active member."""
    with transaction.atomic():
        membership = (
            CircleMembership.objects.select_for_update()
            .filter(circle=circle, member=member, status=Status.ACTIVE)
            .first()
        )
        if membership is None:
            raise NotAllowed("Only members of the circle accept its agreements.")
        if membership.agreed_at is None:
            membership.agreed_at = timezone.now()
            membership.save(update_fields=["agreed_at"])
    return membership


def leave(circle, member) -> CircleMembership:
    """Leave a circle: the member no longer sees who is in it, its sessions or what is shared
    with it. A pending request or invitation is withdrawn the same way.

    Side effects: the membership becomes "left".

    Raises NotAllowed (not in the circle), LastFacilitator (the only facilitator must hand
    over first, or close the circle), TryAgain."""
    with _locked(circle) as locked:
        membership = _membership(locked, member, lock=True)
        if membership is None or membership.status not in (
            Status.ACTIVE,
            Status.REQUESTED,
            Status.INVITED,
        ):
            raise NotAllowed("You are not in this circle.")
        _require_another_facilitator(
            locked,
            membership,
            "You are the circle's only facilitator: make another member a facilitator "
            "before you leave, or close the circle.",
        )
        if membership.status == Status.REQUESTED:
            # A withdrawn request takes its answers with it.
            membership.answers, membership.message = [], ""
        membership.status = Status.LEFT
        membership.ended_at = timezone.now()
        membership.save(update_fields=["status", "ended_at", "answers", "message"])
    return membership


# Facilitators.


def invite(circle, member, *, by, message="") -> CircleMembership:
    """A facilitator invites a member, with a personal message.

    Side effects: the membership becomes "invited" (created if new); after commit, the member
    is emailed a link to the circle's page, where they accept or decline.

    Raises NotAllowed (not a facilitator here, or the person is not a verified member),
    CircleClosed, CircleFull, AlreadyInCircle (already a member, already invited, or asking to
    join: approve the request instead), TryAgain."""
    if not is_verified_member(member):
        raise NotAllowed("Only members with a confirmed email address can be invited.")
    with _locked(circle) as locked:
        _require_facilitator(locked, by)
        if locked.status == Circle.Status.CLOSED:
            raise CircleClosed("This circle has closed: it takes no new members.")
        if _active_count(locked) >= locked.size_limit:
            raise CircleFull("The circle is full: raise its size limit to invite someone else.")
        membership = _membership(locked, member, lock=True)
        name = _name(member)
        if membership and membership.status == Status.ACTIVE:
            raise AlreadyInCircle(f"{name} is already in the circle.")
        if membership and membership.status == Status.INVITED:
            raise AlreadyInCircle(f"{name} is already invited.")
        if membership and membership.status == Status.REQUESTED:
            raise AlreadyInCircle(f"{name} has asked to join: approve their request instead.")
        now = timezone.now()
        membership = membership or CircleMembership(circle=locked, member=member)
        membership.role = Role.MEMBER
        membership.status = Status.INVITED
        membership.message = (message or "").strip()
        membership.answers = []
        membership.agreed_at = membership.joined_at = membership.ended_at = None
        membership.decided_by = by
        membership.save()
        _email_after_commit(
            member,
            template="circle_invitation",
            key=f"circle-invitation:{membership.pk}:{int(now.timestamp())}",
            context={
                "circle": locked,
                "circle_url": _absolute(locked.get_absolute_url()),
                "facilitator": _name(by),
                "note": membership.message,
            },
        )
    return membership


def decide_request(membership, *, by, approve: bool, note="") -> CircleMembership:
    """A facilitator approves or declines a request to join, with an optional note to the
    member. Two facilitators deciding the same request at once: the first decides, the second
    is told it is already decided.

    Side effects: the membership becomes active or declined; after commit, the member is
    emailed the decision and the note.

    Raises NotAllowed (not a facilitator of the circle), AlreadyDecided, CircleClosed,
    CirclePaused, CircleFull (approving only), TryAgain."""
    note = (note or "").strip()
    with _locked(membership.circle) as locked:
        _require_facilitator(locked, by)
        current = CircleMembership.objects.select_for_update().get(pk=membership.pk)
        if current.status != Status.REQUESTED:
            raise AlreadyDecided(
                f"{_name(current.member)}'s request has already been decided "
                f"({current.get_status_display().lower()})."
            )
        now = timezone.now()
        if approve:
            _check_may_join(locked, current, facilitator=True)
            current.status = Status.ACTIVE
            current.joined_at = now
            current.agreed_at = current.agreed_at or now
        else:
            current.status = Status.DECLINED
            current.ended_at = now
        current.decided_by = by
        current.save()
        _email_after_commit(
            current.member,
            template="circle_request_approved" if approve else "circle_request_declined",
            key=f"circle-decision:{current.pk}:{int(now.timestamp())}",
            context={
                "circle": locked,
                "circle_url": _absolute(locked.get_absolute_url()),
                "circles_url": _absolute(reverse("circles:circles")),
                "facilitator": _name(by),
                "note": note,
            },
        )
    return current


def remove(membership, *, by) -> CircleMembership:
    """A facilitator removes a member (or withdraws an invitation). The member loses access at
    once and cannot join or ask again unless invited.

    Side effects: the membership becomes "removed" ("not taken up" for a withdrawn invitation);
    after commit, a removed member is emailed.

    Raises NotAllowed (not a facilitator here, or the person is not in the circle),
    LastFacilitator (removing the only facilitator), TryAgain."""
    with _locked(membership.circle) as locked:
        _require_facilitator(locked, by)
        current = CircleMembership.objects.select_for_update().get(pk=membership.pk)
        if current.status not in (Status.ACTIVE, Status.INVITED):
            raise NotAllowed(f"{_name(current.member)} is not in the circle.")
        _require_another_facilitator(
            locked,
            current,
            "You are the circle's only facilitator: make another member a facilitator first, "
            "or close the circle."
            if current.member_id == by.pk
            else "This is the circle's only facilitator.",
        )
        was_active = current.status == Status.ACTIVE
        now = timezone.now()
        # A withdrawn invitation is not a removal: the person may still ask or join later.
        current.status = Status.REMOVED if was_active else Status.DECLINED
        current.ended_at = now
        current.decided_by = by
        current.save(update_fields=["status", "ended_at", "decided_by"])
        if was_active and current.member_id != by.pk:
            _email_after_commit(
                current.member,
                template="circle_removed",
                key=f"circle-removed:{current.pk}:{int(now.timestamp())}",
                context={
                    "circle": locked,
                    "circles_url": _absolute(reverse("circles:circles")),
                },
            )
    return current


def make_facilitator(membership, *, by) -> CircleMembership:
    """A facilitator shares facilitation with an active member (so that they can hand over).

    Side effects: the member's role becomes facilitator.

    Raises NotAllowed (not a facilitator here, or the person is not an active member)."""
    with _locked(membership.circle) as locked:
        _require_facilitator(locked, by)
        current = CircleMembership.objects.select_for_update().get(pk=membership.pk)
        if current.status != Status.ACTIVE:
            raise NotAllowed(f"{_name(current.member)} is not a member of the circle.")
        if current.role != Role.FACILITATOR:
            current.role = Role.FACILITATOR
            current.save(update_fields=["role"])
    return current


# What a facilitator may change the status to, from each status. Renewing a closed circle is
# the closing session's decision: `set_status(..., renew=True)`.
STATUS_CHANGES = {
    Circle.Status.FORMING: {Circle.Status.MEETING, Circle.Status.PAUSED, Circle.Status.CLOSED},
    Circle.Status.MEETING: {Circle.Status.PAUSED, Circle.Status.CLOSED},
    Circle.Status.PAUSED: {Circle.Status.MEETING, Circle.Status.CLOSED},
    Circle.Status.CLOSED: set(),
}


def set_status(circle, *, by, status, renew: bool = False) -> Circle:
    """Pause a circle, resume it (meeting), start meeting, or close it. With `renew=True` a
    closed circle opens again (forming or meeting): the closing session's choice to renew.

    Side effects: saves the circle's status; sends `status_changed` (in the transaction).

    Raises NotAllowed (not a facilitator here, or a change that makes no sense, such as
    resuming a closed circle), TryAgain."""
    if status not in Circle.Status.values:
        raise NotAllowed("That is not a status a circle can have.")
    with _locked(circle) as locked:
        _require_facilitator(locked, by)
        previous = locked.status
        if status == previous:
            return locked
        allowed = STATUS_CHANGES[previous]
        if renew and previous == Circle.Status.CLOSED:
            allowed = {Circle.Status.FORMING, Circle.Status.MEETING}
        if status not in allowed:
            raise NotAllowed(
                f"A {locked.get_status_display().lower()} circle cannot become "
                f"{Circle.Status(status).label.lower()}."
            )
        locked.status = status
        locked.save(update_fields=["status", "updated_at"])
        status_changed.send(sender=Circle, circle=locked, previous=previous, status=status, by=by)
    return locked


# Finding circles.


def places_left(circle) -> int:
    """Needs `active_count` from `Circle.objects.with_places()`."""
    return max(circle.size_limit - circle.active_count, 0)


def find_circles(viewer, *, topic="", sector="", time_zone="", cadence=""):
    """Circles the viewer can find at /circles/ (forming or meeting, open or taking requests),
    with `active_count`, filtered by the values given (already checked by `CircleFilters`). A
    query set, for the page to take one page of; `with_topics_and_sectors` loads the rest.
    Circles the viewer is in, asked or invited to are under "Your circles" instead, never
    offered to them again."""
    involved = CircleMembership.objects.filter(
        member=viewer, status__in=[Status.ACTIVE, Status.REQUESTED, Status.INVITED]
    ).values("circle")
    circles = Circle.objects.visible_to(viewer).listed().exclude(pk__in=involved)
    if topic:
        tagged = TaggedCircle.objects.filter(tag__slug=topic).values("content_object")
        circles = circles.filter(pk__in=tagged)
    if sector:
        circles = circles.filter(
            pk__in=Circle.sectors.through.objects.filter(sector__slug=sector).values("circle")
        )
    if time_zone:
        circles = circles.filter(time_zone=time_zone)
    if cadence:
        circles = circles.filter(cadence=cadence)
    return _for_listing(circles)


def suggested_for(viewer, limit=3):
    """Listed circles with places that share the viewer's interests (profile interests against
    circle topics) or sectors, best match first; a circle in the viewer's time zone comes
    before one that is not. Circles the viewer is already in, asked or invited to are left
    out. Empty when the viewer has said nothing to match on. One query: the viewer's interests
    and sectors are subqueries. Topics and sectors are not loaded (`with_topics_and_sectors`)."""
    profile = getattr(viewer, "profile", None)
    if profile is None:
        return []
    interest_tags = TaggedInterest.objects.filter(content_object=profile).values("tag_id")
    sector_ids = Profile.sectors.through.objects.filter(profile=profile).values("sector_id")
    involved = CircleMembership.objects.filter(
        member=viewer, status__in=[Status.ACTIVE, Status.REQUESTED, Status.INVITED, Status.REMOVED]
    ).values("circle")
    circles = (
        Circle.objects.visible_to(viewer)
        .listed()
        .exclude(pk__in=involved)
        .with_places()
        .annotate(
            topic_matches=Count(
                "tagged_topics", filter=Q(tagged_topics__tag__in=interest_tags), distinct=True
            ),
            sector_matches=Count("sectors", filter=Q(sectors__in=sector_ids), distinct=True),
            same_zone=Case(
                When(time_zone=profile.time_zone, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .filter(Q(topic_matches__gt=0) | Q(sector_matches__gt=0))
        .filter(active_count__lt=F("size_limit"))
        .order_by(
            (F("topic_matches") * 2 + F("sector_matches") + F("same_zone")).desc(),
            "name",
            "pk",
        )
    )
    return list(circles.only(*CARD_FIELDS)[:limit])


def with_topics_and_sectors(*listings):
    """Load the topics and sectors of the circles of several lists at once: two queries for
    the whole page."""
    prefetch_related_objects(
        [circle for listing in listings for circle in listing], "topics", "sectors"
    )


def your_circles(viewer):
    """The viewer's circles: active, asked to join and invited, with their circle."""
    return list(
        CircleMembership.objects.filter(
            member=viewer, status__in=[Status.ACTIVE, Status.REQUESTED, Status.INVITED]
        )
        .select_related("circle")
        .order_by("circle__name", "pk")
        .only("role", "status", "circle__name", "circle__slug", "circle__status")
    )


def filter_options():
    """What the listing's filters offer: the topics and time zones of listed circles, and every
    sector."""
    from taggit.models import Tag

    listed = Circle.objects.listed()
    topics = Tag.objects.filter(circles_taggedcircle_items__content_object__in=listed)
    zones = listed.order_by("time_zone").values_list("time_zone", flat=True).distinct()
    return {
        "topics": list(topics.distinct().order_by("name")),
        "sectors": list(Sector.objects.all()),
        "time_zones": list(zones),
    }


def _for_listing(circles):
    return circles.with_places().order_by("name", "pk").only(*CARD_FIELDS)


# Helpers.


@contextmanager
def _locked(circle):
    """`with _locked(circle) as locked:` a transaction holding the circle's row lock, waiting
    for it a bounded time (`convening.shared.locking`); a lock that does not come becomes
    TryAgain."""
    try:
        with transaction.atomic():
            bound_lock_wait()
            yield Circle.objects.select_for_update().get(pk=circle.pk)
    except OperationalError as error:
        if is_lock_timeout(error):
            raise TryAgain(
                "Lots of people are changing this circle right now. Please try again in a moment."
            ) from error
        raise


def _membership(circle, member, *, lock=False):
    found = CircleMembership.objects.filter(circle=circle, member=member)
    if lock:
        found = found.select_for_update()
    return found.first()


def _active_count(circle) -> int:
    return CircleMembership.objects.active().filter(circle=circle).count()


def _check_may_join(circle, membership, *, facilitator=False):
    if circle.status == Circle.Status.CLOSED:
        raise CircleClosed("This circle has closed: it takes no new members.")
    if circle.status == Circle.Status.PAUSED:
        raise CirclePaused(
            "Resume the circle before anyone joins it."
            if facilitator
            else "This circle is paused: it takes no new members until it meets again."
        )
    if membership is not None and membership.status == Status.ACTIVE:
        raise AlreadyInCircle(
            f"{_name(membership.member)} is already in the circle."
            if facilitator
            else "You are already in this circle."
        )
    if (
        not facilitator
        and membership is not None
        and membership.status == Status.REMOVED
        and membership.decided_by_id != membership.member_id
    ):
        raise AlreadyInCircle(
            "A facilitator removed you from this circle, so you cannot join it again unless "
            "they invite you."
        )
    if _active_count(circle) >= circle.size_limit:
        raise CircleFull(
            "The circle is full: raise its size limit to take someone else."
            if facilitator
            else "This circle is full. Look for another one, or ask a facilitator to start one."
        )


def _activate(circle, membership, member, *, agreed_at) -> CircleMembership:
    membership = membership or CircleMembership(circle=circle, member=member)
    membership.status = Status.ACTIVE
    membership.role = Role.MEMBER
    membership.agreed_at = agreed_at
    membership.joined_at = agreed_at
    membership.ended_at = None
    membership.save()
    return membership


def _require_verified(member):
    if not is_verified_member(member):
        raise NotVerified("Confirm your email address first: then you can join circles.")


def _require_agreement(agreed):
    if agreed is not True:
        raise AgreementsNotAccepted(
            "Tick \u201cI accept the circle\u2019s agreements\u201d: every member of a circle "
            "accepts them."
        )


def _require_facilitator(circle, by):
    is_facilitator = (
        is_verified_member(by)
        and CircleMembership.objects.facilitators().filter(circle=circle, member=by).exists()
    )
    if not is_facilitator:
        raise NotAllowed("Only the circle's facilitators can do that.")


def _require_another_facilitator(circle, membership, message):
    if membership.status != Status.ACTIVE or membership.role != Role.FACILITATOR:
        return
    others = CircleMembership.objects.facilitators().filter(circle=circle).exclude(pk=membership.pk)
    if not others.exists():
        raise LastFacilitator(message)


def _tell_facilitators_of_request(circle, membership, now):
    facilitators = [
        facilitation.member
        for facilitation in CircleMembership.objects.facilitators()
        .filter(circle=circle)
        .select_related("member")
    ]
    context = {
        "circle": circle,
        "requester": _name(membership.member),
        "answers": membership.answers,
        "message": membership.message,
        "facilitate_url": _absolute(reverse("circles:facilitate", args=[circle.slug])),
    }
    for facilitator in facilitators:
        _email_after_commit(
            facilitator,
            template="circle_request_received",
            key=f"circle-request:{membership.pk}:{int(now.timestamp())}",
            context=context,
        )


def _email_after_commit(member, *, template, key, context):
    transaction.on_commit(
        lambda: notify(member, kind=UPDATE, template=template, context=context, key=key)
    )


def _name(user) -> str:
    profile = Profile.objects.filter(user=user).only("display_name").first()
    return profile.name if profile else "A member"


def _absolute(path) -> str:
    return settings.SITE_URL + path
