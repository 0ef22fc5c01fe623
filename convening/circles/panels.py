"""What circles add to a member's own space (/me/) and to their data download. Registered in
`convening/wagtail_hooks.py`. A member's circles are shown to that member only."""

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from members.panels import Line, Panel

from .models import Circle, CircleMembership, CircleSession

Status = CircleMembership.Status


def my_circles_panel(request):
    # Each circle's next session rides on the same query (a subquery a row, on the sessions'
    # index), so "coming up" costs nothing more.
    next_sessions = (
        CircleSession.objects.filter(circle=OuterRef("circle"), ends_at__gte=timezone.now())
        .exclude(status=CircleSession.Status.CANCELLED)
        .order_by("starts_at", "pk")
    )
    memberships = list(
        CircleMembership.objects.filter(
            member=request.user, status__in=[Status.ACTIVE, Status.REQUESTED, Status.INVITED]
        )
        .select_related("circle")
        .annotate(
            next_session_number=Subquery(next_sessions.values("number")[:1]),
            next_session_starts_at=Subquery(next_sessions.values("starts_at")[:1]),
        )
        .order_by("circle__name", "pk")
    )
    return Panel(
        "Your circles",
        "circles/circle_panel.html",
        {"memberships": memberships},
        order=27,
        coming_up=_next_session(memberships),
    )


def _next_session(memberships) -> list[Line]:
    # A circle's sessions are for its active members only (`CircleSession.visible_to`).
    upcoming = [
        membership
        for membership in memberships
        if membership.status == Status.ACTIVE and membership.next_session_starts_at
    ]
    if not upcoming:
        return []
    soonest = min(upcoming, key=lambda membership: membership.next_session_starts_at)
    url = reverse(
        "circles:session",
        kwargs={"slug": soonest.circle.slug, "number": soonest.next_session_number},
    )
    text = f"{soonest.circle.name}, session {soonest.next_session_number}"
    return [
        Line("Your next circle session", text, url, when=soonest.next_session_starts_at, order=20)
    ]


def circles_we_share(profile, viewer):
    """A section of a member's profile: the circles the viewer and the member are both active
    members of, among those the viewer may know of (`visible_to`). A circle the viewer is not
    in is never named; nothing on one's own profile or to visitors."""
    if not viewer.is_authenticated or viewer.pk == profile.user_id:
        return None
    active = CircleMembership.objects.active()
    shared = list(
        Circle.objects.visible_to(viewer)
        .filter(pk__in=active.filter(member=viewer).values("circle"))
        .filter(pk__in=active.filter(member_id=profile.user_id).values("circle"))
        .order_by("name", "pk")
        .only("name", "slug", "status")
    )
    if not shared:
        return None
    return Panel(
        "Circles you share", "circles/circles_we_share.html", {"circles": shared}, order=50
    )


def export_memberships(user) -> list:
    return [
        {
            "circle": membership.circle.name,
            "role": membership.get_role_display(),
            "status": membership.get_status_display(),
            "answers_to_join_questions": membership.answers,
            "message_to_facilitators": membership.message,
            "accepted_agreements_at": membership.agreed_at,
            "asked_or_invited_at": membership.created_at,
            "joined_at": membership.joined_at,
            "ended_at": membership.ended_at,
        }
        for membership in CircleMembership.objects.filter(member=user)
        .select_related("circle")
        .order_by("created_at", "pk")
    ]
