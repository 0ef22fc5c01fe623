"""What gatherings add to a member's own space (/me/), their data download and account
deletion. Registered in `events/wagtail_hooks.py`."""

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from members.models import Notification
from members.panels import Line, Panel, last_visit

from .invitations import INVITATION_KEY
from .models import (
    AccessNeeds,
    EventHost,
    EventIndexPage,
    EventPage,
    Feedback,
    Invitation,
    Rsvp,
)

UPCOMING_SHOWN = 10


def my_gatherings_panel(request):
    member = request.user
    statuses = [Rsvp.Status.GOING, Rsvp.Status.WAITLISTED]
    mine = Q(pk__in=Rsvp.objects.filter(member=member, status__in=statuses).values("event"))
    hosted = Q(pk__in=EventHost.objects.filter(member=member).values("event"))
    # The gatherings replied to and those hosted in one query, each with the member's reply
    # and whether they host it: the few columns the list shows, not whole pages.
    # Only gatherings the member replied to or hosts, which `visible_to` always lets them see.
    events = list(
        EventPage.objects.live()  # nosemgrep: live-pages-without-the-visibility-filter
        .filter(mine | hosted, ends_at__gte=timezone.now())
        .annotate(
            my_status=Subquery(
                Rsvp.objects.filter(event=OuterRef("pk"), member=member).values("status")[:1]
            ),
            hosting=Exists(EventHost.objects.filter(event=OuterRef("pk"), member=member)),
            # The same on every row; carried by this query so that a member with gatherings
            # costs no query more for it.
            has_needs=Exists(AccessNeeds.objects.filter(member=member)),
        )
        .order_by("starts_at", "pk")
        .values(
            "pk",
            "title",
            "slug",
            "starts_at",
            "status",
            "first_published_at",
            "last_published_at",
            "my_status",
            "hosting",
            "has_needs",
        )[: UPCOMING_SHOWN * 2]
    )
    gatherings_url = index_url()
    for event in events:
        # A gathering's page is always a child of the one index (`parent_page_types`).
        event["url"] = f"{gatherings_url}{event['slug']}/"
    return Panel(
        "Your gatherings",
        "events/panels/my_gatherings.html",
        {
            "answers": [event for event in events if event["my_status"] in statuses][
                :UPCOMING_SHOWN
            ],
            "hosting": [event for event in events if event["hosting"]][:UPCOMING_SHOWN],
            "index_url": gatherings_url,
            "has_needs": events[0]["has_needs"]
            if events
            else AccessNeeds.objects.filter(member=member).exists(),
        },
        order=25,
        coming_up=_next_gathering(events),
        since_last_visit=_changed_gatherings(events, last_visit(request)),
    )


def _next_gathering(events) -> list[Line]:
    going = [
        event
        for event in events
        if event["my_status"] == Rsvp.Status.GOING and event["status"] != EventPage.Status.CANCELLED
    ]
    if not going:
        return []
    event = going[0]
    return [
        Line("Your next gathering", event["title"], event["url"], when=event["starts_at"], order=10)
    ]


def _changed_gatherings(events, since) -> list[Line]:
    """The gatherings the member replied to whose hosts published a change (a new time, a
    place, a cancellation) since the member's last visit."""
    if since is None:
        return []
    return [
        Line(
            "A gathering you replied to changed",
            event["title"],
            event["url"],
            note="cancelled" if event["status"] == EventPage.Status.CANCELLED else "",
            order=30,
        )
        for event in events
        if event["my_status"] in (Rsvp.Status.GOING, Rsvp.Status.WAITLISTED)
        and event["first_published_at"]
        and event["first_published_at"] <= since < event["last_published_at"]
    ]


SHARED_SHOWN = 6


def gatherings_we_share(profile, viewer):
    """A section of a member's profile: the gatherings the viewer and the member both take
    part in (going or hosting), latest first. Only gatherings the viewer may know of
    (`visible_to`), and the member only where others can see them there: as a host, or going
    with their name on the list of who is coming. Nothing on one's own profile or to visitors."""
    if not viewer.is_authenticated or viewer.pk == profile.user_id:
        return None
    going = Rsvp.objects.filter(status=Rsvp.Status.GOING)
    viewer_there = Q(pk__in=going.filter(member=viewer).values("event")) | Q(
        pk__in=EventHost.objects.filter(member=viewer).values("event")
    )
    member_seen_there = Q(
        pk__in=going.filter(member_id=profile.user_id, on_attendee_list=True).values("event")
    ) | Q(pk__in=EventHost.objects.filter(member_id=profile.user_id).values("event"))
    shared = list(
        EventPage.objects.live()
        .visible_to(viewer)
        .filter(viewer_there)
        .filter(member_seen_there)
        .order_by("-starts_at", "-pk")
        .only("title", "url_path", "starts_at", "ends_at")[:SHARED_SHOWN]
    )
    if not shared:
        return None
    return Panel(
        "Gatherings you share",
        "events/panels/gatherings_we_share.html",
        {"gatherings": shared, "now": timezone.now()},
        order=40,
    )


def index_url() -> str:
    """The address of /gatherings/, wherever editors put it."""
    index = EventIndexPage.objects.live().only("url_path").first()
    return index.url if index else "/gatherings/"


def export_replies(user) -> list:
    return [
        {
            "gathering": answer.event.title,
            "starts_at": answer.event.starts_at,
            "reply": answer.get_status_display(),
            "on_attendee_list": answer.on_attendee_list,
            "access_needs": [need.name for need in answer.access_needs.all()],
            "access_notes": answer.access_notes,
            "question_for_hosts": answer.question,
            "replied_at": answer.created_at,
            "updated_at": answer.updated_at,
        }
        for answer in Rsvp.objects.filter(member=user)
        .select_related("event")
        .prefetch_related("access_needs")
        .order_by("created_at")
    ]


def export_access_needs(user) -> dict:
    needs = AccessNeeds.objects.filter(member=user).prefetch_related("needs").first()
    if needs is None:
        return {}
    return {"needs": [need.name for need in needs.needs.all()], "notes": needs.notes}


def export_invitations(user) -> list:
    return [
        {
            "gathering": invitation.event.title,
            "status": invitation.get_status_display(),
            "message": invitation.message,
            "sent_at": invitation.sent_at,
        }
        for invitation in Invitation.objects.filter(member=user).select_related("event")
    ]


def export_feedback(user) -> list:
    return [
        {
            "gathering": feedback.event.title,
            "usefulness": feedback.usefulness,
            "what_worked": feedback.what_worked,
            "what_next": feedback.what_next,
            "given_at": feedback.created_at,
        }
        for feedback in Feedback.objects.filter(member=user).select_related("event")
    ]


def forget_gatherings(user, keep_published=False) -> None:
    """Before the account goes: give up each place (so the first on the waitlist takes it, and
    is told), then delete the invitations to the member's address. Replies, access needs and
    feedback go with the user row, by cascade."""
    from .rsvp import RsvpRefused, rsvp

    upcoming = Rsvp.objects.filter(
        member=user, status=Rsvp.Status.GOING, event__ends_at__gte=timezone.now()
    ).select_related("event")
    for answer in upcoming:
        try:
            rsvp(answer.event, user, going=False)
        except RsvpRefused:
            continue
    Invitation.objects.filter(member=user).delete()
    Invitation.objects.filter(email__iexact=user.email).delete()
    _forget_words_emailed_to_others(user)


def _forget_words_emailed_to_others(user) -> None:
    """The recorded emails that carried the member's message to others: invitations they sent
    as a host ("invitation:<pk>:<sending>") and people they proposed ("proposal:<pk>"). The
    invitations stay (they belong to the gathering, their sender now unnamed); these copies of
    the member's words in others' records do not."""
    sent = Invitation.objects.filter(invited_by=user).values_list("pk", flat=True)
    keys = Q(pk__in=[])
    for pk in sent:
        keys |= Q(key__startswith=f"{INVITATION_KEY}:{pk}:") | Q(key=f"proposal:{pk}")
    Notification.objects.filter(keys).exclude(user=user).delete()
