"""`manage.py send_digests` emails each member who asked for one what is new since their last
digest, once per interval, listing only people and things they are allowed to see."""

import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from wagtail import hooks

from members.digest import DigestItem, DigestSection, collect_digest
from members.models import Block, Profile
from members.visibility import Visibility

from ..factories import make_member, profile_of

pytestmark = pytest.mark.django_db

MONDAY = datetime(2025, 6, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def rae(clock):
    """A member who asked for a weekly digest and works on health and co-production."""
    return make_member(
        name="Rae Reader",
        sectors=["health"],
        interests=["co-production"],
        digest=Profile.Digest.WEEKLY,
    )


@pytest.fixture
def send_digests(django_capture_on_commit_callbacks):
    """Runs the command as the scheduler would; returns what it reported."""

    def run():
        output = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_digests", stdout=output)
        return output.getvalue()

    return run


def digests_to(user):
    return [email for email in mail.outbox if email.to == [user.email]]


def newcomer(name, **fields):
    return make_member(name=name, digest=Profile.Digest.NEVER, **fields)


def test_a_weekly_digest_is_sent_once_a_week_with_new_members_who_share_interests(
    rae, clock, send_digests
):
    clock.shift(timedelta(hours=1))
    newcomer("Hana Health", sectors=["health"], headline="Integrated care lead")
    clock.shift(timedelta(days=1))

    report = send_digests()

    [digest] = digests_to(rae)
    assert digest.subject == "Your weekly digest from Convening"
    assert "New members who share your interests" in digest.body
    assert "Hana Health: Integrated care lead" in digest.body
    assert profile_of(rae).last_digest_at == MONDAY + timedelta(days=1, hours=1)
    assert "sent: 1" in report

    clock.shift(timedelta(days=3))
    newcomer("Cory Coproduction", interests=["co-production"])
    clock.shift(timedelta(hours=1))
    send_digests()
    assert len(digests_to(rae)) == 1

    clock.shift(timedelta(days=4))
    send_digests()
    assert len(digests_to(rae)) == 2
    second = digests_to(rae)[1]
    assert "Cory Coproduction" in second.body
    assert "Hana Health" not in second.body


def test_running_twice_the_same_day_sends_one_digest(rae, clock, send_digests):
    newcomer("Hana Health", sectors=["health"])
    clock.shift(timedelta(hours=2))

    send_digests()
    send_digests()

    assert len(digests_to(rae)) == 1


def test_a_monthly_digest_waits_thirty_days(clock, send_digests):
    mona = make_member(name="Mona Monthly", sectors=["health"], digest=Profile.Digest.MONTHLY)
    newcomer("Hana Health", sectors=["health"])
    clock.shift(timedelta(hours=1))
    send_digests()
    clock.shift(timedelta(hours=1))
    newcomer("Hal Housing-and-Health", sectors=["health"])

    clock.shift(timedelta(days=29))
    send_digests()
    assert len(digests_to(mona)) == 1

    clock.shift(timedelta(days=1))
    send_digests()
    assert len(digests_to(mona)) == 2


def test_a_member_who_chose_never_gets_no_digest(clock, send_digests):
    nell = make_member(name="Nell Never", sectors=["health"], digest=Profile.Digest.NEVER)
    newcomer("Hana Health", sectors=["health"])
    clock.shift(timedelta(hours=1))

    send_digests()

    assert digests_to(nell) == []


def test_no_email_is_sent_when_there_is_nothing_new(rae, clock, send_digests):
    newcomer("Gil Governance", sectors=["local-government"], interests=["budgets"])
    clock.shift(timedelta(hours=1))

    report = send_digests()

    assert digests_to(rae) == []
    assert profile_of(rae).last_digest_at == MONDAY + timedelta(hours=1)
    assert "sent: 0" in report


def test_an_unverified_member_gets_no_digest(clock, send_digests):
    una = make_member(
        name="Una Unverified", sectors=["health"], verified=False, digest=Profile.Digest.WEEKLY
    )
    newcomer("Hana Health", sectors=["health"], visibility=Visibility.PUBLIC)
    clock.shift(timedelta(hours=1))

    send_digests()

    assert digests_to(una) == []


def test_hidden_profiles_and_members_who_blocked_the_reader_never_appear(rae, clock, send_digests):
    newcomer("Hidden Hugo", sectors=["health"], visibility=Visibility.PRIVATE)
    blocker = newcomer("Blocking Bea", sectors=["health"])
    Block.objects.create(blocker=blocker, blocked=rae)
    blocked = newcomer("Blocked Bo", sectors=["health"])
    Block.objects.create(blocker=rae, blocked=blocked)
    newcomer("Unverified Uma", sectors=["health"], verified=False)
    newcomer("Visible Vi", sectors=["health"])
    clock.shift(timedelta(hours=1))

    send_digests()

    [digest] = digests_to(rae)
    assert "Visible Vi" in digest.body
    for hidden in ("Hidden Hugo", "Blocking Bea", "Blocked Bo", "Unverified Uma"):
        assert hidden not in digest.body
        assert hidden not in digest.alternatives[0][0]


def test_at_most_five_new_members_are_listed(rae, clock):
    for number in range(7):
        newcomer(f"Newcomer {number}", sectors=["health"])
    clock.shift(timedelta(hours=1))

    [section] = collect_digest(rae, since=MONDAY - timedelta(days=1))

    assert len(section.items) == 5
    assert section.items[0].url.startswith("http://localhost:8000/members/")


def test_other_apps_add_their_own_sections_and_empty_ones_are_left_out(rae, clock):
    def upcoming_gatherings(user, since):
        return DigestSection(
            title="Upcoming gatherings",
            items=[DigestItem(title="Summer harvest", url="/gatherings/summer-harvest/")],
        )

    def new_stories(user, since):
        return DigestSection(title="New stories", items=[])

    newcomer("Hana Health", sectors=["health"])
    clock.shift(timedelta(hours=1))

    # After the real sections, as an app above them all would come.
    added = [
        ("convening_digest_sections", upcoming_gatherings),
        ("convening_digest_sections", new_stories),
    ]
    with hooks.register_temporarily(added, order=1):
        sections = collect_digest(rae, since=MONDAY - timedelta(days=1))

    assert [section.title for section in sections] == [
        "New members who share your interests",
        "Upcoming gatherings",
    ]
    assert sections[1].items[0].url == "http://localhost:8000/gatherings/summer-harvest/"
