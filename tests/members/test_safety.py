"""Blocking and reporting."""

import pytest

from members.models import Block, Report

from ..conftest import signed_in
from ..factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def pest(db):
    return make_member(name="Pat Pest")


def test_blocking_asks_first_then_hides_the_blocked_member(member_client, member, pest):
    profile_page = member_client.get(f"/members/{pest.profile.slug}/").content.decode()
    url = f"/members/{pest.profile.slug}/block/"
    assert f'href="{url}"' in profile_page

    confirmation = member_client.get(url)
    assert confirmation.status_code == 200
    page = confirmation.content.decode()
    assert "Block Pat Pest?" in page
    assert "they are not told" in page
    assert not Block.objects.exists(), "asking changes nothing"

    member_client.post(url)
    assert Block.objects.filter(blocker=member, blocked=pest).exists()
    assert member_client.get(f"/members/{pest.profile.slug}/").status_code == 404


def test_the_people_you_blocked_are_listed_on_me_with_unblock(member_client, member, pest):
    Block.objects.create(blocker=member, blocked=pest)
    Block.objects.create(blocker=pest, blocked=member)  # theirs: not listed, not undoable by you
    page = member_client.get("/me/blocked/").content.decode()
    assert "Pat Pest" in page
    assert f'action="/members/{pest.profile.slug}/unblock/"' in page
    assert 'href="/me/blocked/"' in member_client.get("/me/").content.decode()

    response = member_client.post(f"/members/{pest.profile.slug}/unblock/", follow=True)
    assert "You have unblocked Pat Pest." in response.content.decode()
    assert list(Block.objects.values_list("blocker", flat=True)) == [pest.pk]


def test_nobody_else_sees_whom_you_blocked(member, pest, client):
    Block.objects.create(blocker=member, blocked=pest)
    assert "Pat Pest" not in signed_in(pest).get("/me/blocked/").content.decode()
    assert (
        "Pat Pest"
        not in signed_in(make_member(name="Oli Other")).get("/me/blocked/").content.decode()
    )
    assert client.get("/me/blocked/").status_code == 302


def test_unblocking_shows_them_again(member_client, member, pest):
    Block.objects.create(blocker=member, blocked=pest)
    member_client.post(f"/members/{pest.profile.slug}/unblock/")
    assert not Block.objects.exists()
    assert member_client.get(f"/members/{pest.profile.slug}/").status_code == 200


def test_a_report_reaches_staff_with_its_reason(member_client, member, pest):
    response = member_client.post(
        f"/members/{pest.profile.slug}/report/", {"reason": "spam", "details": "Selling things"}
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.reporter, report.reason, report.details) == (member, "spam", "Selling things")
    assert "Pat Pest" in report.subject_description


def test_a_report_without_a_reason_is_refused(member_client, pest):
    response = member_client.post(f"/members/{pest.profile.slug}/report/", {"reason": "bogus"})
    assert "Select a valid choice" in response.content.decode()
    assert not Report.objects.exists()


def test_visitors_cannot_block_or_report(client, pest):
    client.post(f"/members/{pest.profile.slug}/block/")
    client.post(f"/members/{pest.profile.slug}/report/", {"reason": "spam"})
    assert not Block.objects.exists()
    assert not Report.objects.exists()
