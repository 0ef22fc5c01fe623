"""Capacity holds when many people answer at once, and the waitlist is fair.

The races run on PostgreSQL only: each thread has its own connection and transaction, and the
gathering's row lock (`SELECT ... FOR UPDATE`) is what keeps the count right. SQLite allows one
writer at a time, so the race cannot happen there. A control shows that the same harness
catches overbooking when the lock is left out, so the races prove something.

The fairness tests below them run on both databases."""

import datetime
import threading
import time

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from events.models import EventPage, Rsvp
from events.reading import waitlist_position
from events.rsvp import leave_waitlist, refill_places, rsvp

from ..factories import make_member
from .factories import days, hours, make_gathering

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Races need concurrent writers with row locks: run with DATABASE_URL=postgres://...",
)
# Each thread commits on its own connection, so these tests cannot run inside one transaction;
# serialized_rollback puts back what the migrations created (the gatherings index, groups...).
racing = pytest.mark.django_db(transaction=True, serialized_rollback=True)

GOING, WAITLISTED, NOT_GOING = Rsvp.Status.GOING, Rsvp.Status.WAITLISTED, Rsvp.Status.NOT_GOING


def all_at_once(jobs):
    """Run each job in its own thread with its own database connection, all released together
    by a barrier. Returns the exceptions raised, so a test can show that none were."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait(timeout=10)
            job()
        except Exception as error:  # reported to the test, which asserts there were none
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return errors


def statuses(event):
    return dict(Rsvp.objects.filter(event=event).values_list("member_id", "status"))


def queue(event):
    return list(Rsvp.objects.filter(event=event).waitlisted().values_list("member_id", flat=True))


class GoingWatcher:
    """Counts the people going over and over while a race runs, from its own connection, and
    keeps the highest count seen: capacity must hold at every moment, not only at the end."""

    def __init__(self, event):
        self.event, self.highest, self._stop = event, 0, threading.Event()
        self._thread = threading.Thread(target=self._watch)

    def _watch(self):
        try:
            while not self._stop.is_set():
                going = Rsvp.objects.filter(event=self.event, status=GOING).count()
                self.highest = max(self.highest, going)
        finally:
            connection.close()

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=10)


@on_postgresql
@racing
def test_25_members_answering_for_the_last_place_at_once_leaves_1_going_and_24_waitlisted():
    event = make_gathering("The last place", capacity=1)
    people = [make_member(name=f"Racer {n}") for n in range(25)]
    mail.outbox.clear()

    with GoingWatcher(event) as watcher:
        errors = all_at_once([lambda p=person: rsvp(event, p, going=True) for person in people])

    assert errors == []
    assert watcher.highest <= 1
    answers = statuses(event)
    assert len(answers) == 25
    assert list(answers.values()).count(GOING) == 1
    assert list(answers.values()).count(WAITLISTED) == 24
    # The queue is the order of arrival: positions 1 to 24 follow queued_at.
    waiting = list(Rsvp.objects.filter(event=event, status=WAITLISTED).order_by("queued_at", "pk"))
    assert all(answer.queued_at is not None for answer in waiting)
    assert [waitlist_position(answer) for answer in waiting] == list(range(1, 25))
    assert [answer.queued_at for answer in waiting] == sorted(a.queued_at for a in waiting)
    assert Rsvp.objects.get(event=event, status=GOING).queued_at is None
    # Everyone heard once: one "going", 24 "on the waitlist".
    assert len(mail.outbox) == 25

    # The first in the queue takes the place when it frees.
    going = Rsvp.objects.get(event=event, status=GOING)
    rsvp(event, going.member, going=False)
    assert Rsvp.objects.get(pk=waiting[0].pk).status == GOING
    assert queue(event) == [answer.member_id for answer in waiting[1:]]


@on_postgresql
@racing
def test_one_member_submitting_ten_times_at_once_leaves_one_reply():
    event = make_gathering("Double clicks", capacity=5)
    eager = make_member(name="Eager Clicker")
    mail.outbox.clear()

    errors = all_at_once([lambda: rsvp(event, eager, going=True) for _ in range(10)])

    assert errors == []
    assert Rsvp.objects.filter(event=event, member=eager).count() == 1
    assert Rsvp.objects.get(event=event, member=eager).status == GOING
    assert len(mail.outbox) == 1


@on_postgresql
@racing
def test_cancellations_racing_new_replies_never_overfill_and_promote_in_order():
    event = make_gathering("Busy evening", capacity=3)
    going = [make_member(name=f"Going {n}") for n in range(3)]
    waiting = [make_member(name=f"Waiting {n}") for n in range(5)]
    newcomers = [make_member(name=f"Newcomer {n}") for n in range(6)]
    for person in going + waiting:
        rsvp(event, person, going=True)
    assert queue(event) == [person.pk for person in waiting]

    with GoingWatcher(event) as watcher:
        errors = all_at_once(
            [lambda p=person: rsvp(event, p, going=False) for person in going]
            + [lambda p=person: rsvp(event, p, going=True) for person in newcomers]
        )

    assert errors == []
    assert watcher.highest <= 3
    answers = statuses(event)
    assert [pk for pk, status in answers.items() if status == GOING] == sorted(
        person.pk for person in waiting[:3]
    )
    assert all(answers[person.pk] == NOT_GOING for person in going)
    # Newcomers queue behind the people who were already waiting, whatever the timing.
    assert queue(event)[:2] == [person.pk for person in waiting[3:]]
    assert sorted(queue(event)[2:]) == sorted(person.pk for person in newcomers)
    # One row per member: nobody can be both going and waitlisted.
    assert Rsvp.objects.filter(event=event).count() == 14
    with pytest.raises(IntegrityError), transaction.atomic():
        Rsvp.objects.create(event=event, member=waiting[0], status=WAITLISTED)


@on_postgresql
@racing
def test_the_harness_catches_overbooking_when_the_lock_is_left_out():
    """The control: the same race against a reply written the naive way (count, then write,
    without locking the gathering) overbooks. If this ever passes without overbooking, the
    races above prove nothing."""
    event = make_gathering("No lock", capacity=1)
    people = [make_member(name=f"Naive {n}") for n in range(20)]

    def unsafe_rsvp(member):
        with transaction.atomic():
            going = Rsvp.objects.filter(event=event, status=GOING).count()
            time.sleep(0.05)  # widen the gap between reading and writing, as a slow server would
            status = GOING if going < event.capacity else WAITLISTED
            Rsvp.objects.create(event=event, member=member, status=status, queued_at=timezone.now())

    errors = all_at_once([lambda p=person: unsafe_rsvp(p) for person in people])

    assert errors == []
    assert Rsvp.objects.filter(event=event, status=GOING).count() > 1


# Fairness of the waitlist (both databases) ---------------------------------------------------

fair = pytest.mark.django_db


@pytest.fixture
def full_room(db):
    """A gathering with one place, taken, and two people waiting: Bea first, then Cal."""
    event = make_gathering("One place", capacity=1, starts_in=days(7))
    ada, bea, cal = (make_member(name=name) for name in ("Ada", "Bea", "Cal"))
    start = timezone.now() - datetime.timedelta(minutes=10)
    rsvp(event, ada, going=True, now=start)
    rsvp(event, bea, going=True, now=start + datetime.timedelta(seconds=1))
    rsvp(event, cal, going=True, now=start + datetime.timedelta(seconds=2))
    return event, ada, bea, cal


def status_of(event, member):
    return Rsvp.objects.get(event=event, member=member).status


@fair
def test_the_waitlist_is_first_come_first_served(full_room, committed):
    event, ada, bea, cal = full_room
    assert queue(event) == [bea.pk, cal.pk]
    with committed():
        rsvp(event, ada, going=False)
    assert status_of(event, bea) == GOING
    assert status_of(event, cal) == WAITLISTED
    assert waitlist_position(Rsvp.objects.get(event=event, member=cal)) == 1


@fair
def test_answering_going_again_while_waiting_keeps_your_place_in_the_queue(full_room):
    event, _ada, bea, cal = full_room
    before = Rsvp.objects.get(event=event, member=bea).queued_at
    rsvp(event, bea, going=True, now=timezone.now() + hours(1))
    assert Rsvp.objects.get(event=event, member=bea).queued_at == before
    assert queue(event) == [bea.pk, cal.pk]


@fair
def test_a_new_reply_when_a_place_is_free_but_people_wait_goes_behind_them(full_room):
    """The place freed without anyone promoted yet (capacity raised straight in the database,
    as a data fix might): the next reply cannot take it ahead of those waiting."""
    event, _ada, bea, cal = full_room
    EventPage.objects.filter(pk=event.pk).update(capacity=2)
    dee = make_member(name="Dee")
    rsvp(event, dee, going=True)
    assert status_of(event, bea) == GOING
    assert status_of(event, cal) == WAITLISTED
    assert status_of(event, dee) == WAITLISTED
    assert queue(event) == [cal.pk, dee.pk]


@fair
def test_a_member_can_leave_the_waitlist_and_the_next_moves_up(full_room):
    event, _ada, bea, cal = full_room
    leave_waitlist(event, bea)
    answer = Rsvp.objects.get(event=event, member=bea)
    assert (answer.status, answer.queued_at) == (NOT_GOING, None)
    assert queue(event) == [cal.pk]
    assert waitlist_position(Rsvp.objects.get(event=event, member=cal)) == 1
    # Coming back puts you at the back of the queue, not where you were.
    rsvp(event, bea, going=True)
    assert queue(event) == [cal.pk, bea.pk]


@fair
def test_promotion_happens_in_the_same_transaction_as_the_cancellation(full_room):
    event, ada, bea, _cal = full_room
    mail.outbox.clear()

    class Undo(Exception):
        pass

    seen_inside = []

    def cancel_then_undo():
        with transaction.atomic():
            rsvp(event, ada, going=False)
            seen_inside.append(statuses(event))
            raise Undo

    with pytest.raises(Undo):
        cancel_then_undo()
    # Inside the transaction that freed the place, the place was already Bea's...
    assert seen_inside[0][ada.pk] == NOT_GOING
    assert seen_inside[0][bea.pk] == GOING
    # ...and when that transaction does not happen, neither does the promotion, nor its email.
    assert status_of(event, ada) == GOING
    assert status_of(event, bea) == WAITLISTED
    assert mail.outbox == []


@fair
def test_the_promoted_member_is_emailed_after_commit(full_room, committed):
    event, ada, bea, _cal = full_room
    mail.outbox.clear()
    with committed():
        rsvp(event, ada, going=False)
    promoted = [message for message in mail.outbox if message.to == [bea.email]]
    assert len(promoted) == 1
    assert promoted[0].subject == "A place came free: you are going to One place"
    assert any(name == "gathering.ics" for name, *_ in promoted[0].attachments)


@fair
def test_promotion_stops_when_replies_close(full_room, committed):
    event, ada, bea, _cal = full_room
    event.rsvp_closes_at = timezone.now() + days(1)
    event.save_revision().publish()
    after_closing = timezone.now() + days(2)
    mail.outbox.clear()
    with committed():
        # Saying you cannot come after all still works; nobody moves up into the place.
        rsvp(event, ada, going=False, now=after_closing)
        EventPage.objects.filter(pk=event.pk).update(capacity=3)
        assert refill_places(EventPage.objects.get(pk=event.pk), now=after_closing) == []
    assert status_of(event, ada) == NOT_GOING
    assert status_of(event, bea) == WAITLISTED
    assert queue(event) == [bea.pk, _cal.pk]
    assert not [message for message in mail.outbox if message.to == [bea.email]]
