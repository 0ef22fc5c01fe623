"""Circles are sealed: a private reflection, a reflection shared with a circle and the replies
to it never reach anyone outside, staff included, through any page, search, feed, sitemap or
the Wagtail admin. Leaving a circle hides what one shared with it, and a member's data rights
cover their reflections, replies and commitments."""

import io
import json
import zipfile

import pytest

from convening.circles import membership as circles
from convening.circles.models import Commitment, Reflection, ReflectionReply
from convening.circles.reflections import reply_to
from members.data_rights import delete_account, export_member_data
from members.models import Notification
from tests.conftest import signed_in
from tests.convening.circles.factories import (
    days,
    make_circle,
    make_facilitator,
    make_reflection,
    make_session,
)
from tests.factories import make_member
from tests.practices.factories import make_library, make_practice

pytestmark = pytest.mark.django_db

PRIVATE_CANARY = "Zebracorn private musing"
CIRCLE_CANARY = "Quokkafern circle confidence"
REPLY_CANARY = "Marmotine reply whisper"


@pytest.fixture
def ada():
    return make_member(name="Ada Author")


@pytest.fixture
def bo():
    return make_member(name="Bo Circlemate")


@pytest.fixture
def femi():
    return make_facilitator("Femi Facilitator")


@pytest.fixture
def circle(ada, bo, femi):
    return make_circle("Leeds action learning set", facilitator=femi, members=[ada, bo])


@pytest.fixture
def sealed(ada, bo, circle):
    """A private reflection and a circle reflection with a reply, each carrying a canary."""
    session = make_session(circle, starts_in=-days(1))
    private = make_reflection(
        ada,
        title=PRIVATE_CANARY,
        sections=[{"key": "what", "heading": "What?", "text": f"{PRIVATE_CANARY} text"}],
        competencies=["S9"],
    )
    shared = make_reflection(
        ada,
        title=CIRCLE_CANARY,
        sections=[{"key": "what", "heading": "What?", "text": f"{CIRCLE_CANARY} text"}],
        visibility="circle",
        circle=circle,
        session=session,
        competencies=["B1"],
    )
    ReflectionReply.objects.create(reflection=shared, author=bo, text=REPLY_CANARY)
    Commitment.objects.create(
        member=ada, session=session, reflection=shared, text="Co-host the next map."
    )
    return {"private": private, "shared": shared, "session": session}


@pytest.fixture
def outsiders(editor, superuser):
    """Everyone who must not read circle material, by role."""
    other_circle_member = make_member(name="Cy Othercircle")
    other_facilitator = make_facilitator("Fen Otherfacilitator")
    make_circle("Bristol set", facilitator=other_facilitator, members=[other_circle_member])
    return {
        "another member": make_member(name="Di Member"),
        "a member of another circle": other_circle_member,
        "a facilitator of another circle": other_facilitator,
        "an editor": editor,
        "a superuser": superuser,
    }


def assert_sealed(body):
    for canary in (PRIVATE_CANARY, CIRCLE_CANARY, REPLY_CANARY):
        assert canary not in body


def test_the_circle_member_reads_the_circle_reflection_and_its_reply_but_not_the_private_one(
    bo, sealed
):
    """The positive control: the canaries are there for whoever may read them."""
    reader = signed_in(bo)
    shared = reader.get(sealed["shared"].get_absolute_url()).content.decode()
    assert CIRCLE_CANARY in shared
    assert REPLY_CANARY in shared
    assert reader.get(sealed["private"].get_absolute_url()).status_code == 404
    assert CIRCLE_CANARY in reader.get("/me/reflections/").content.decode()


def test_visitors_are_sent_to_sign_in_and_see_nothing(client, sealed):
    for reflection in (sealed["private"], sealed["shared"]):
        for url in (
            reflection.get_absolute_url(),
            f"/circles/reflections/{reflection.pk}/edit/",
            f"/circles/reflections/{reflection.pk}/delete/",
        ):
            response = client.get(url)
            assert response.status_code == 302
            assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "role",
    [
        "another member",
        "a member of another circle",
        "a facilitator of another circle",
        "an editor",
        "a superuser",
    ],
)
def test_no_outsider_reads_a_private_or_circle_reflection_anywhere_on_the_site(
    role, outsiders, sealed
):
    viewer = signed_in(outsiders[role])
    for reflection in (sealed["private"], sealed["shared"]):
        for url in (
            reflection.get_absolute_url(),
            f"/circles/reflections/{reflection.pk}/edit/",
            f"/circles/reflections/{reflection.pk}/delete/",
        ):
            response = viewer.get(url)
            assert response.status_code == 404
            assert_sealed(response.content.decode())
    commitment = Commitment.objects.get()
    assert viewer.get(f"/me/commitments/{commitment.pk}/").status_code == 404
    for url in ("/me/reflections/", "/me/", "/me/portfolio/", "/me/portfolio/export/"):
        assert_sealed(viewer.get(url).content.decode())


@pytest.mark.parametrize("role", ["an editor", "a superuser"])
def test_staff_find_nothing_in_the_wagtail_admin(role, outsiders, sealed):
    admin = signed_in(outsiders[role])
    for canary in (PRIVATE_CANARY, CIRCLE_CANARY, REPLY_CANARY):
        # One word of each (the page repeats the query), then look for the whole phrase.
        response = admin.get("/admin/pages/search/", {"q": canary.split()[0]})
        assert response.status_code == 200
        body = response.content.decode()
        assert_sealed(body)
        assert sealed["shared"].get_absolute_url() not in body
    assert_sealed(admin.get("/admin/").content.decode())
    snippets = admin.get("/admin/snippets/")
    if snippets.status_code == 200:
        assert "reflection" not in snippets.content.decode().lower()


def test_search_feeds_and_the_sitemap_never_carry_reflections(client, ada, bo, sealed):
    make_library()
    make_practice("What? So what? Now what?", slug="what-so-what-now-what")
    # Shared with all members too: still not public, so not in public places either.
    make_reflection(ada, title=f"{CIRCLE_CANARY} for members", visibility="members")
    for viewer in (client, signed_in(bo), signed_in(ada)):
        for url in (
            "/sitemap.xml",
            "/practices/feed/",
            "/gatherings/feed/",
            f"/practices/?q={CIRCLE_CANARY.split()[0]}",
            f"/practices/?q={PRIVATE_CANARY.split()[0]}",
            f"/practices/?q={REPLY_CANARY.split()[0]}",
        ):
            response = viewer.get(url)
            assert response.status_code == 200, url
            assert_sealed(response.content.decode())


def test_the_author_leaving_the_circle_hides_their_circle_reflections_from_it_at_once(
    ada, bo, femi, circle, sealed
):
    shared = sealed["shared"]
    remaining = signed_in(bo)
    assert remaining.get(shared.get_absolute_url()).status_code == 200

    circles.leave(circle, ada)

    assert remaining.get(shared.get_absolute_url()).status_code == 404
    assert (
        remaining.post(
            f"/circles/reflections/{shared.pk}/reply/", {"text": "Still there?"}
        ).status_code
        == 404
    )
    assert_sealed(remaining.get("/me/reflections/").content.decode())
    assert_sealed(signed_in(femi).get("/me/reflections/").content.decode())
    assert ReflectionReply.objects.count() == 1
    # The author still has it: it is theirs, and says who can read it now.
    assert CIRCLE_CANARY in signed_in(ada).get(shared.get_absolute_url()).content.decode()


def test_a_member_who_leaves_no_longer_reads_what_the_circle_shared(ada, bo, circle, sealed):
    circles.leave(circle, bo)
    former = signed_in(bo)
    assert former.get(sealed["shared"].get_absolute_url()).status_code == 404
    assert_sealed(former.get("/me/reflections/").content.decode())


# Data rights.


def _export(user) -> dict:
    archive = zipfile.ZipFile(io.BytesIO(export_member_data(user)))
    return {
        name: json.loads(archive.read(name))
        for name in archive.namelist()
        if name.endswith(".json")
    }


def test_the_members_data_download_holds_their_reflections_replies_and_commitments(
    ada, bo, circle, sealed
):
    ReflectionReply.objects.create(reflection=sealed["shared"], author=ada, text="My own reply.")
    data = _export(ada)
    titles = {reflection["title"] for reflection in data["reflections.json"]}
    assert titles == {PRIVATE_CANARY, CIRCLE_CANARY}
    shared = next(r for r in data["reflections.json"] if r["title"] == CIRCLE_CANARY)
    assert shared["circle"] == "Leeds action learning set"
    assert shared["competencies"] == ["B1"]
    assert shared["sections"][0]["text"] == f"{CIRCLE_CANARY} text"
    assert shared["replies_from_others"] == 1
    # Bo's words are Bo's: counted, not copied.
    assert REPLY_CANARY not in json.dumps(data)
    assert [reply["text"] for reply in data["reflection_replies.json"]] == ["My own reply."]
    assert [c["text"] for c in data["commitments.json"]] == ["Co-host the next map."]

    theirs = _export(bo)
    assert theirs["reflections.json"] == []
    assert [reply["text"] for reply in theirs["reflection_replies.json"]] == [REPLY_CANARY]
    assert PRIVATE_CANARY not in json.dumps(theirs)


def test_deleting_the_account_deletes_reflections_replies_and_commitments(ada, bo, circle, sealed):
    bo_reflection = make_reflection(bo, title="Bo's own", visibility="circle", circle=circle)
    ReflectionReply.objects.create(reflection=bo_reflection, author=ada, text="Ada's reply.")

    delete_account(ada, keep_published=False)

    assert not Reflection.objects.filter(title__in=[PRIVATE_CANARY, CIRCLE_CANARY]).exists()
    # Replies to her reflections went with them, and her replies elsewhere too.
    assert not ReflectionReply.objects.exists()
    assert not Commitment.objects.exists()
    assert list(Reflection.objects.values_list("title", flat=True)) == ["Bo's own"]


def test_deleting_the_account_removes_the_emails_that_named_them_to_others(ada, bo, circle, sealed):
    bo_reflection = make_reflection(bo, title="Bo's own", visibility="circle", circle=circle)
    reply_to(bo_reflection, ada, "Ada's reply.")
    assert Notification.objects.filter(user=bo, key__startswith="reflection-reply:").exists()

    delete_account(ada, keep_published=False)

    assert not Notification.objects.filter(user=bo, key__startswith="reflection-reply:").exists()
