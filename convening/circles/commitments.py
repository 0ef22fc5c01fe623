"""Commitments: the "Now what?" of a session, what a member said they would do.

A commitment waits on the member's /me/ page, the circle's next session brings it back ("last
time you said you would..."), and four to six weeks after the session the member is asked,
once, by email, how it went (`send_commitment_follow_ups`, run daily by the management command
of the same name). The answer, at `circles:commitment_outcome`, becomes a reflection that can
record applied or realised value. A commitment is the member's own: nobody else reads it."""

import datetime
import zoneinfo

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from events.times import describe
from members.middleware import viewer_time_zone
from members.models import is_verified_member
from members.notifications import REMINDER, notify

from .models import CircleMembership, CircleSession, Commitment

FOLLOW_UP_AFTER = datetime.timedelta(days=28)
FOLLOW_UP_UNTIL = datetime.timedelta(days=42)


class CommitmentError(ValueError):
    """A commitment that cannot be recorded; `str(error)` says why."""


def commit(member, session, text, reflection=None) -> Commitment:
    """Record that `member` said they would do `text` after `session`.

    `session` may be None (a reflection about something else); otherwise the member must be
    an active member of its circle. `reflection` is the reflection whose "Now what?" it came
    from: calling again with the same reflection updates that commitment's text instead of
    adding a second one, so saving an edited reflection is safe.

    Returns the `Commitment`. Raises CommitmentError for empty or over-long text (1,000
    characters) or a session the member is not in."""
    text = (text or "").strip()
    if not text:
        raise CommitmentError("Say what you will do.")
    if len(text) > Commitment._meta.get_field("text").max_length:
        raise CommitmentError("Keep what you will do to 1,000 characters.")
    if session is not None and not (
        is_verified_member(member)
        and CircleSession.objects.visible_to(member).filter(pk=session.pk).exists()
    ):
        raise CommitmentError("You can only commit to something after your own circle's session.")
    with transaction.atomic():
        if reflection is not None:
            existing = (
                Commitment.objects.select_for_update()
                .filter(member=member, reflection=reflection)
                .first()
            )
            if existing is not None:
                existing.text, existing.session = text, session
                existing.save(update_fields=["text", "session"])
                return existing
        return Commitment.objects.create(
            member=member, session=session, text=text, reflection=reflection
        )


def _still_open():
    return Commitment.objects.filter(done=False, outcome__isnull=True)


def open_commitments(member):
    """The member's commitments not yet done or answered, newest first."""
    return _still_open().filter(member=member)


def brought_back(member, session) -> list[Commitment]:
    """What the member said they would do at earlier sessions of the same circle, still open:
    the "last time you said you would..." of a session's page."""
    return list(
        open_commitments(member)
        .filter(session__circle=session.circle_id, session__starts_at__lt=session.starts_at)
        .select_related("session")
        .order_by("-session__starts_at", "-pk")
    )


def due_follow_ups(now=None):
    """Open commitments whose session was 28 to 42 days ago and whose member has not been
    asked yet, is still an active member of the circle and has an active account."""
    now = now or timezone.now()
    still_in_circle = CircleMembership.objects.active().filter(
        circle=OuterRef("session__circle"), member=OuterRef("member")
    )
    return (
        _still_open()
        .filter(
            follow_up_sent_at__isnull=True,
            member__is_active=True,
            session__starts_at__lte=now - FOLLOW_UP_AFTER,
            session__starts_at__gte=now - FOLLOW_UP_UNTIL,
        )
        .exclude(session__status=CircleSession.Status.CANCELLED)
        .filter(Exists(still_in_circle))
        .select_related("member__profile", "session__circle")
        .order_by("session__starts_at", "pk")
    )


def send_commitment_follow_ups(now=None) -> int:
    """Ask each member, once, how each due commitment went ("did you try it? what happened?"),
    with a link to answer at /me/commitments/<pk>/.

    Side effects: sets `follow_up_sent_at` (so no commitment is asked about twice, even by two
    runs at once: the row is claimed before the email is recorded) and records a notification
    (sent after commit; not sent to a member who turned reminders off). Returns how many were
    asked."""
    now = now or timezone.now()
    asked = 0
    for commitment in due_follow_ups(now):
        with transaction.atomic():
            claimed = Commitment.objects.filter(
                pk=commitment.pk, follow_up_sent_at__isnull=True
            ).update(follow_up_sent_at=now)
            if not claimed:
                continue
            notification = notify(
                commitment.member,
                kind=REMINDER,
                template="commitment_follow_up",
                context={
                    "commitment": commitment,
                    "circle": commitment.session.circle,
                    "session": commitment.session,
                    "when": describe(
                        commitment.session.starts_at,
                        commitment.session.ends_at,
                        viewer_time_zone(commitment.member)
                        or zoneinfo.ZoneInfo(commitment.session.circle.time_zone),
                    ),
                    "answer_url": settings.SITE_URL
                    + reverse("circles:commitment_outcome", kwargs={"pk": commitment.pk}),
                },
                key=f"commitment-follow-up:{commitment.pk}",
            )
            if notification is not None:
                asked += 1
    return asked
