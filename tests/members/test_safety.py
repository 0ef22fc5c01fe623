"""Blocking and reporting."""

import pytest

from members.models import Block, Report

from ..factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def pest(db):
    return make_member(name="Pat Pest")


def test_blocking_needs_a_post_and_hides_the_blocked_member(member_client, member, pest):
    url = f"/members/{pest.profile.slug}/block/"
    assert member_client.get(url).status_code == 405
    assert not Block.objects.exists()
    member_client.post(url)
    assert Block.objects.filter(blocker=member, blocked=pest).exists()
    assert member_client.get(f"/members/{pest.profile.slug}/").status_code == 404


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
