"""Replies to gatherings: going, not going, the waitlist and its promotions.

Every reply goes through `rsvp`: views, the invitation flow, series regulars and the admin call
it. It locks the gathering's row before counting places, so capacity holds when many people
answer for the last place at once (PostgreSQL: `SELECT ... FOR UPDATE`; SQLite: the write lock
that IMMEDIATE transactions take up front)."""

from django.db import OperationalError, transaction
from django.utils import timezone

from convening.shared.locking import bound_lock_wait, is_lock_timeout
from members.models import is_verified_member

from .models import EventPage, Rsvp
from .visibility import GatheringVisibility


class RsvpRefused(Exception):
    """A reply the rules do not allow; the message says why, in words for the member."""


class NotVerified(RsvpRefused):
    pass


class RepliesClosed(RsvpRefused):
    pass


class GatheringCancelled(RsvpRefused):
    pass


class GatheringOver(RsvpRefused):
    pass


class NotInvited(RsvpRefused):
    pass


class TryAgain(RsvpRefused):
    pass


def rsvp(
    event,
    member,
    *,
    going: bool,
    on_attendee_list: bool | None = None,
    access_needs=None,
    access_notes: str | None = None,
    question: str | None = None,
    invitation=None,
    as_regular: bool = False,
    now=None,
) -> Rsvp:
    """Record `member`'s answer to `event`: going (or the waitlist when it is full) or not.

    Idempotent: answering what you already answered changes nothing (details given, such as the
    attendee-list choice or access needs, are updated). Saying "not going" when you were going
    frees your place, and the first on the waitlist takes it in the same transaction, while
    replies are open. Joining when others wait on the waitlist puts you behind them.

    Side effects: writes the member's `Rsvp`; may promote waitlisted members; after commit,
    emails the member (confirmation with the calendar file, or the waitlist) and anyone promoted.

    Raises NotVerified, NotInvited (invitation-only and not invited), GatheringCancelled,
    GatheringOver, RepliesClosed (saying you are going before replies open or after they
    close; saying you are not going stays possible until the gathering ends), TryAgain (the lock
    was busy).
    """
    from . import notices

    explicit_now, now = now, now or timezone.now()
    if not is_verified_member(member):
        raise NotVerified("Confirm your email address first: then you can reply to gatherings.")
    try:
        with transaction.atomic():
            bound_lock_wait()
            locked = EventPage.objects.select_for_update().get(pk=event.pk)
            _check_may_reply(locked, member, going=going, invitation=invitation, now=now)
            # The waitlist's order is the order in which replies took the lock.
            queued = timezone.now() if explicit_now is None else now
            existing = Rsvp.objects.filter(event=locked, member=member).first()
            previous = existing.status if existing else None
            answer = existing or Rsvp(event=locked, member=member)
            promoted = []
            if going and previous in (Rsvp.Status.GOING, Rsvp.Status.WAITLISTED):
                pass
            elif going:
                promoted = promote_waitlist(locked, now=now)
                if (
                    has_place(locked)
                    and not Rsvp.objects.filter(
                        event=locked, status=Rsvp.Status.WAITLISTED
                    ).exists()
                ):
                    answer.status, answer.queued_at = Rsvp.Status.GOING, None
                else:
                    answer.status, answer.queued_at = Rsvp.Status.WAITLISTED, queued
            elif previous != Rsvp.Status.NOT_GOING:
                answer.status, answer.queued_at = Rsvp.Status.NOT_GOING, None
            if on_attendee_list is not None:
                answer.on_attendee_list = on_attendee_list
            if access_notes is not None:
                answer.access_notes = access_notes
            if question is not None:
                answer.question = question
            if invitation is not None:
                answer.invitation = invitation
            if going and previous is None:
                answer.as_regular = as_regular
            elif not as_regular:
                answer.as_regular = False
            answer.save()
            if access_needs is not None:
                answer.access_needs.set(access_needs)
            if previous == Rsvp.Status.GOING and answer.status == Rsvp.Status.NOT_GOING:
                promoted += promote_waitlist(locked, now=now)
            if answer.status != previous:
                notices.reply_recorded(answer, previous=previous)
            for promoted_rsvp in promoted:
                notices.promoted(promoted_rsvp)
    except OperationalError as error:
        if is_lock_timeout(error):
            raise TryAgain(
                "Lots of people are replying right now. Please try again in a moment."
            ) from error
        raise
    return answer


def leave_waitlist(event, member, *, now=None) -> Rsvp:
    """Take yourself off the waitlist: the same as saying you are not going."""
    return rsvp(event, member, going=False, now=now)


def has_place(event) -> bool:
    if event.capacity is None:
        return True
    return Rsvp.objects.filter(event=event, status=Rsvp.Status.GOING).count() < event.capacity


def places_left(event) -> int | None:
    if event.capacity is None:
        return None
    going = Rsvp.objects.filter(event=event, status=Rsvp.Status.GOING).count()
    return max(event.capacity - going, 0)


def promote_waitlist(event, *, now=None) -> list[Rsvp]:
    """Move people from the waitlist into free places, first come first served, while replies
    are open. Call it inside the transaction that holds the gathering's lock (`rsvp` does; so
    does `refill_places` when capacity is raised). Returns the promoted replies; their emails go
    after commit through `notices.promoted`, which the caller sends."""
    now = now or timezone.now()
    if not event.replies_open(now):
        return []
    waiting = Rsvp.objects.filter(event=event, status=Rsvp.Status.WAITLISTED).order_by(
        "queued_at", "pk"
    )
    free = places_left(event)
    chosen = list(waiting if free is None else waiting[:free])
    for answer in chosen:
        answer.status, answer.queued_at = Rsvp.Status.GOING, None
        answer.save(update_fields=["status", "queued_at", "updated_at"])
    return chosen


def refill_places(event, *, now=None) -> list[Rsvp]:
    """After the hosts raise capacity (or reopen replies): promote from the waitlist.

    Side effects: as `promote_waitlist`, and emails each promoted member after commit."""
    from . import notices

    with transaction.atomic():
        bound_lock_wait()
        locked = EventPage.objects.select_for_update().get(pk=event.pk)
        promoted = promote_waitlist(locked, now=now)
        for answer in promoted:
            notices.promoted(answer)
    return promoted


def _check_may_reply(event, member, *, going, invitation, now):
    if not event.live:
        raise RepliesClosed("This gathering is not open for replies.")
    if event.is_cancelled:
        raise GatheringCancelled("This gathering has been cancelled.")
    if event.has_ended(now):
        raise GatheringOver("This gathering has already happened.")
    if event.visibility == GatheringVisibility.INVITED and invitation is None:
        from .rules import can_see

        if not can_see(member, event):
            raise NotInvited("This gathering is by invitation only.")
    if not going:
        return  # Saying you cannot come is always possible until it ends.
    if event.rsvp_opens_at and now < event.rsvp_opens_at:
        opens = timezone.localtime(event.rsvp_opens_at)
        raise RepliesClosed(f"Replies open on {opens:%-d %B %Y at %H:%M}.")
    if now >= event.rsvp_closes():
        raise RepliesClosed("Replies to this gathering have closed.")
