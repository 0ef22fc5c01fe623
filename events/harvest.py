"""After a gathering: hosts ask the people who came how it was, attendees answer once (and may
change their answer), and hosts read the answers. The notes, outputs, recording and practices
used are fields of the gathering, filled in the admin's Harvest tab."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Avg, Count
from django.urls import reverse
from django.utils import timezone

from members.models import Notification, is_verified_member
from members.notifications import UPDATE, notify

from . import rules
from .models import EventPage, Feedback, Rsvp
from .times import when_for


class FeedbackRefused(Exception):
    """Asking for or giving feedback the rules do not allow; the message says why."""


def attendee_answers(event):
    """The replies of the people who were going (hosts asked apart: they ran it)."""
    return (
        Rsvp.objects.going()
        .filter(event=event, member__is_active=True)
        .exclude(member__hosting__event=event)
        .select_related("member")
        .order_by("pk")
    )


def may_give_feedback(user, event, now=None) -> bool:
    """Members who were going, once the gathering is over (a cancelled one has nothing to
    say about)."""
    if not is_verified_member(user) or event.is_cancelled or not event.has_ended(now):
        return False
    return rules.is_going(user, event)


def feedback_request_key(event) -> str:
    return f"gathering-feedback:{event.pk}"


def ask_for_feedback(event: EventPage, by, *, now=None) -> int:
    """Email each member who was going a short feedback form, once per member and gathering.
    Asking again sends only to people not asked before. Returns how many were asked now.

    Side effects: `Notification`s (sent after commit) and `feedback_requested_at`, the first
    time. Raises FeedbackRefused when `by` is not a host of the gathering, or it has not ended
    or was cancelled."""
    now = now or timezone.now()
    if not rules.is_host(by, event):
        raise FeedbackRefused("Only the gathering's hosts can ask for feedback.")
    if event.is_cancelled:
        raise FeedbackRefused("This gathering was cancelled: there is nothing to ask about.")
    if not event.has_ended(now):
        raise FeedbackRefused("You can ask for feedback once the gathering is over.")
    key = feedback_request_key(event)
    form_url = settings.SITE_URL + reverse("events:feedback", kwargs={"pk": event.pk})
    asked = 0
    with transaction.atomic():
        EventPage.objects.filter(pk=event.pk, feedback_requested_at__isnull=True).update(
            feedback_requested_at=now
        )
        answers = list(attendee_answers(event))
        # People who answered already, or were asked before, are not asked (again).
        already = set(event.feedback.values_list("member_id", flat=True)) | set(
            Notification.objects.filter(key=key).values_list("user_id", flat=True)
        )
        for answer in answers:
            if answer.member_id in already:
                continue
            sent = notify(
                answer.member,
                kind=UPDATE,
                template="feedback_request",
                context={
                    "event": event,
                    "when": when_for(answer.member, event),
                    "form_url": form_url,
                    "page_url": settings.SITE_URL + (event.url or ""),
                },
                key=key,
            )
            if sent is not None:
                asked += 1
    event.feedback_requested_at = event.feedback_requested_at or now
    return asked


def record_feedback(
    event: EventPage,
    member,
    *,
    usefulness: int,
    what_worked: str = "",
    what_next: str = "",
    now=None,
) -> Feedback:
    """Keep `member`'s answer: one per member and gathering, so answering again updates it.

    Side effects: creates or updates a `Feedback`. Raises FeedbackRefused when the member was
    not going or the gathering is not over (or was cancelled), ValueError when usefulness is
    not 1 to 5."""
    if not may_give_feedback(member, event, now):
        raise FeedbackRefused("Only people who came can tell the hosts how it was.")
    if usefulness not in range(1, 6):
        raise ValueError("Usefulness is from 1 to 5.")
    with transaction.atomic():
        feedback, _ = Feedback.objects.update_or_create(
            event=event,
            member=member,
            defaults={
                "usefulness": usefulness,
                "what_worked": what_worked.strip(),
                "what_next": what_next.strip(),
            },
        )
    return feedback


@dataclass(frozen=True)
class Answer:
    """One attendee's feedback, as hosts read it: without the name, so people say what they
    think."""

    usefulness: int
    what_worked: str
    what_next: str
    given_at: object


@dataclass(frozen=True)
class FeedbackSummary:
    count: int
    average_usefulness: float | None
    answers: list[Answer] = field(default_factory=list)
    asked_at: object = None
    attendees: int = 0


def feedback_summary(event: EventPage) -> FeedbackSummary:
    """What attendees said, for the hosts' view: how many answered, the average usefulness
    (1 to 5, one decimal; None before anyone answers), each answer, newest first, and how
    many attendees there were. Three queries, whatever the number of answers. Callers show
    it to hosts only (`rules.is_host`)."""
    totals = event.feedback.aggregate(count=Count("pk"), average=Avg("usefulness"))
    answers = [
        Answer(f.usefulness, f.what_worked, f.what_next, f.created_at)
        for f in event.feedback.order_by("-created_at", "-pk")
    ]
    average = totals["average"]
    return FeedbackSummary(
        count=totals["count"],
        average_usefulness=round(float(average), 1) if average is not None else None,
        answers=answers,
        asked_at=event.feedback_requested_at,
        attendees=attendee_answers(event).count(),
    )
