"""The facilitators' side: starting a circle, its facilitation page, deciding requests,
inviting, removing, pausing and closing, its settings; and 404 for everyone else."""

import pytest
from django.core import mail

from convening.circles import membership as circles
from convening.circles.models import Circle, CircleMembership
from members.models import Sector
from tests.conftest import signed_in
from tests.factories import make_member

from .factories import make_circle, make_facilitator

Status = CircleMembership.Status


@pytest.fixture
def fay(db):
    return make_facilitator(name="Fay Facilitator", organisation="Leeds City Council")


@pytest.fixture
def leeds(fay, member):
    circle = make_circle(
        "Leeds set",
        facilitator=fay,
        members=[member],
        join_questions="What will you bring?",
        size_limit=5,
    )
    return circle


@pytest.fixture
def asker(leeds):
    person = make_member(name="Asa Asker", organisation="Shelter", sectors=["housing"])
    circles.request_to_join(leeds, person, answers=["Tenant voice"], agreed=True)
    return person


def form_data(form):
    """What a browser would send back for an untouched form."""
    values = {name: form[name].value() for name in form.fields}
    return {name: value for name, value in values.items() if value is not None}


def membership(circle, person):
    return CircleMembership.objects.get(circle=circle, member=person)


def outsiders(member, other_member, editor, superuser):
    """Everyone who is not a facilitator of the Leeds set, signed in: a member of it, a plain
    member, a member and a facilitator of another circle, an editor and a superuser."""
    other_facilitator = make_facilitator(name="Otto Other")
    elsewhere = make_member(name="Eli Elsewhere")
    make_circle("Another circle", facilitator=other_facilitator, members=[elsewhere])
    return {
        "circle member": member,
        "plain member": other_member,
        "member of another circle": elsewhere,
        "facilitator of another circle": other_facilitator,
        "editor": editor,
        "superuser": superuser,
    }


def facilitation_requests(circle, asker_membership, member_membership):
    slug = circle.slug
    return [
        ("get", f"/circles/{slug}/facilitate/", {}),
        ("get", f"/circles/{slug}/edit/", {}),
        ("post", f"/circles/{slug}/edit/", {"name": "Taken over"}),
        ("post", f"/circles/{slug}/requests/{asker_membership.pk}/approve/", {}),
        ("post", f"/circles/{slug}/requests/{asker_membership.pk}/decline/", {}),
        ("post", f"/circles/{slug}/invite/", {}),
        ("post", f"/circles/{slug}/members/{member_membership.pk}/remove/", {}),
        ("post", f"/circles/{slug}/members/{member_membership.pk}/facilitator/", {}),
        ("post", f"/circles/{slug}/status/", {"status": "closed", "confirm": "on"}),
    ]


def test_nobody_but_the_circles_facilitators_reaches_its_facilitation(
    leeds, asker, member, other_member, editor, superuser
):
    asked, mine = membership(leeds, asker), membership(leeds, member)
    for role, person in outsiders(member, other_member, editor, superuser).items():
        client = signed_in(person)
        for method, url, data in facilitation_requests(leeds, asked, mine):
            response = getattr(client, method)(url, data)
            assert response.status_code == 404, (role, method, url)
    leeds.refresh_from_db()
    assert (leeds.name, leeds.status) == ("Leeds set", "forming")
    assert membership(leeds, asker).status == Status.REQUESTED
    assert membership(leeds, member).status == Status.ACTIVE
    assert membership(leeds, member).role == "member"


def test_visitors_are_sent_to_sign_in_and_the_unverified_get_nothing(
    client, leeds, asker, member, unverified
):
    for method, url, data in facilitation_requests(
        leeds, membership(leeds, asker), membership(leeds, member)
    ):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
        response = getattr(signed_in(unverified), method)(url, data)
        assert b"Asa Asker" not in response.content
    assert membership(leeds, asker).status == Status.REQUESTED


def test_a_facilitator_who_left_loses_the_facilitation_page_at_once(leeds, fay, member):
    circles.make_facilitator(membership(leeds, member), by=fay)
    client = signed_in(fay)
    assert client.get(f"/circles/{leeds.slug}/facilitate/").status_code == 200
    circles.leave(leeds, fay)
    assert client.get(f"/circles/{leeds.slug}/facilitate/").status_code == 404


def test_the_facilitation_page_shows_requests_with_answers_and_members(leeds, asker, fay):
    text = signed_in(fay).get(f"/circles/{leeds.slug}/facilitate/").content.decode()
    assert "Asking to join (1)" in text
    assert "Asa Asker" in text
    assert "What will you bring?" in text
    assert "Tenant voice" in text
    assert "Mo Member" in text
    assert "Members (2)" in text


def test_the_balanced_mix_holds_back_a_colleague(leeds, asker, fay):
    colleague = make_member(name="Col League", organisation=" leeds city COUNCIL")
    circles.request_to_join(leeds, colleague, answers=["Budgets"], agreed=True)
    response = signed_in(fay).get(f"/circles/{leeds.slug}/facilitate/")
    text = response.content.decode()
    assert "Forming a balanced circle" in text
    assert "Col League: held back, same organisation as Fay Facilitator" in text
    assert [p.name for p in response.context["mix"].proposed] == ["Asa Asker"]


def test_approving_from_the_page_lets_them_in_and_emails_the_note(leeds, asker, fay, committed):
    request = membership(leeds, asker)
    mail.outbox.clear()
    with committed():
        response = signed_in(fay).post(
            f"/circles/{leeds.slug}/requests/{request.pk}/approve/",
            {"note": "Welcome, Asa."},
            follow=True,
        )
    assert "Asa Asker is in the circle" in response.content.decode()
    assert membership(leeds, asker).status == Status.ACTIVE
    assert [m.to for m in mail.outbox] == [[asker.email]]
    assert "Welcome, Asa." in mail.outbox[0].body


def test_declining_from_the_page_emails_the_note(leeds, asker, fay, committed):
    request = membership(leeds, asker)
    mail.outbox.clear()
    with committed():
        signed_in(fay).post(
            f"/circles/{leeds.slug}/requests/{request.pk}/decline/",
            {"note": "The Bristol set suits you better."},
        )
    assert membership(leeds, asker).status == Status.DECLINED
    assert "The Bristol set suits you better." in mail.outbox[0].body


def test_deciding_twice_or_with_a_made_up_decision_changes_nothing(leeds, asker, fay):
    request = membership(leeds, asker)
    client = signed_in(fay)
    client.post(f"/circles/{leeds.slug}/requests/{request.pk}/approve/")
    response = client.post(f"/circles/{leeds.slug}/requests/{request.pk}/decline/", follow=True)
    assert "already been decided" in response.content.decode()
    assert client.post(f"/circles/{leeds.slug}/requests/{request.pk}/maybe/").status_code == 404
    assert membership(leeds, asker).status == Status.ACTIVE


def test_a_request_to_another_circle_cannot_be_decided_from_this_one(leeds, fay):
    other = make_circle("Other set", facilitator=make_facilitator(name="Otto"))
    person = make_member()
    circles.request_to_join(other, person, answers=["Hi"], agreed=True)
    foreign = membership(other, person)
    response = signed_in(fay).post(f"/circles/{leeds.slug}/requests/{foreign.pk}/approve/")
    assert response.status_code == 404
    assert membership(other, person).status == Status.REQUESTED


def test_inviting_a_member_from_the_directory(leeds, fay, committed):
    guest = make_member(name="Gil Guest")
    client = signed_in(fay)
    text = client.get(f"/circles/{leeds.slug}/facilitate/").content.decode()
    assert "Gil Guest" in text
    with committed():
        response = client.post(
            f"/circles/{leeds.slug}/invite/",
            {"member": guest.profile.pk, "message": "Join us, Gil."},
            follow=True,
        )
    assert "We have emailed Gil Guest your invitation." in response.content.decode()
    assert membership(leeds, guest).status == Status.INVITED
    assert "Join us, Gil." in mail.outbox[0].body


def test_inviting_someone_outside_the_directory_is_refused(leeds, fay):
    hidden = make_member(name="Hid Den", visibility="private")
    response = signed_in(fay).post(f"/circles/{leeds.slug}/invite/", {"member": hidden.profile.pk})
    assert "Choose a member from the list." in response.content.decode()
    assert not CircleMembership.objects.filter(circle=leeds, member=hidden).exists()


def test_removing_a_member_from_the_page(leeds, fay, member, committed):
    with committed():
        signed_in(fay).post(f"/circles/{leeds.slug}/members/{membership(leeds, member).pk}/remove/")
    assert membership(leeds, member).status == Status.REMOVED
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert signed_in(member).get(f"/circles/{leeds.slug}/facilitate/").status_code == 404


def test_the_last_facilitator_removing_themselves_is_told_why_not(leeds, fay):
    own = membership(leeds, fay)
    response = signed_in(fay).post(f"/circles/{leeds.slug}/members/{own.pk}/remove/", follow=True)
    assert "only facilitator" in response.content.decode()
    assert membership(leeds, fay).status == Status.ACTIVE


def test_sharing_facilitation(leeds, fay, member):
    signed_in(fay).post(
        f"/circles/{leeds.slug}/members/{membership(leeds, member).pk}/facilitator/"
    )
    assert membership(leeds, member).role == "facilitator"
    assert signed_in(member).get(f"/circles/{leeds.slug}/facilitate/").status_code == 200


def test_pausing_resuming_and_closing_from_the_page(leeds, fay):
    client = signed_in(fay)
    url = f"/circles/{leeds.slug}/status/"
    client.post(url, {"status": "paused"})
    leeds.refresh_from_db()
    assert leeds.status == "paused"
    assert "Resume meeting" in client.get(f"/circles/{leeds.slug}/facilitate/").content.decode()
    client.post(url, {"status": "meeting"})
    refused = client.post(url, {"status": "closed"}, follow=True)
    assert "Yes, close the circle" in refused.content.decode()
    leeds.refresh_from_db()
    assert leeds.status == "meeting"
    client.post(url, {"status": "closed", "confirm": "on"})
    leeds.refresh_from_db()
    assert leeds.status == "closed"
    junk = client.post(url, {"status": "exploded"}, follow=True)
    assert junk.status_code == 200
    again = client.post(url, {"status": "meeting"}, follow=True)
    assert "closed circle cannot become meeting" in again.content.decode()
    leeds.refresh_from_db()
    assert leeds.status == "closed"


def test_changing_the_settings(leeds, fay):
    client = signed_in(fay)
    form = client.get(f"/circles/{leeds.slug}/edit/").context["form"]
    data = form_data(form)
    data.update(
        name="Leeds action learning set",
        topics="discharge, housing",
        sectors=[Sector.objects.get(slug="health").pk],
        size_limit=7,
        presenter_rota="",
    )
    response = client.post(f"/circles/{leeds.slug}/edit/", data, follow=True)
    assert "Saved the circle" in response.content.decode()
    leeds.refresh_from_db()
    assert (leeds.name, leeds.size_limit, leeds.presenter_rota) == (
        "Leeds action learning set",
        7,
        False,
    )
    assert sorted(leeds.topics.names()) == ["discharge", "housing"]
    assert leeds.slug == "leeds-set"  # links already sent keep working


def test_settings_out_of_bounds_are_explained_and_change_nothing(leeds, fay):
    for person in (make_member(), make_member()):
        CircleMembership.objects.create(circle=leeds, member=person, status=Status.ACTIVE)
    client = signed_in(fay)
    form = client.get(f"/circles/{leeds.slug}/edit/").context["form"]
    data = form_data(form)
    for change, words in [
        ({"size_limit": 3}, "The circle has 4 members"),
        ({"size_limit": 20}, "less than or equal to 12"),
        ({"quorum": 6}, "quorum cannot be larger"),
        ({"format": "in_person", "place": ""}, "Say where an in-person circle meets."),
    ]:
        response = client.post(f"/circles/{leeds.slug}/edit/", {**data, **change})
        assert words in response.content.decode(), change
    leeds.refresh_from_db()
    assert (leeds.size_limit, leeds.quorum, leeds.format) == (5, 3, "online")


def test_facilitators_start_a_circle(fay, committed):
    client = signed_in(fay)
    form = client.get("/circles/new/").context["form"]
    data = form_data(form)
    data.update(name="Bristol health set", purpose="Health conveners in Bristol.", topics="care")
    response = client.post("/circles/new/", data, follow=True)
    circle = Circle.objects.get(name="Bristol health set")
    assert response.redirect_chain[-1][0] == f"/circles/{circle.slug}/facilitate/"
    assert membership(circle, fay).role == "facilitator"
    assert list(circle.topics.names()) == ["care"]


def test_a_circle_offers_every_time_zone_and_refuses_an_unknown_one(fay, committed):
    client = signed_in(fay)
    form = client.get("/circles/new/").context["form"]
    america = dict(dict(form.fields["time_zone"].choices)["America"])
    assert america["America/New_York"] == "New York (United States)"
    data = form_data(form)
    data.update(name="Mars set", purpose="Far away.", time_zone="Mars/Olympus")
    response = client.post("/circles/new/", data)
    assert "Select a valid choice. Mars/Olympus is not one" in response.content.decode()
    assert not Circle.objects.filter(name="Mars set").exists()


def test_only_facilitators_may_start_a_circle(client, member, editor, db):
    assert client.get("/circles/new/").status_code == 302
    for person in (member, editor):
        assert signed_in(person).get("/circles/new/").status_code == 404
        assert signed_in(person).post("/circles/new/", {"name": "Mine"}).status_code == 404
    assert not Circle.objects.exists()
