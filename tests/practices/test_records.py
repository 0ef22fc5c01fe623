"""Members save practices to their own list and say "I have used this": who may, what is
written, and what the practice page and the dashboard then show."""

import json
import zipfile
from io import BytesIO

import pytest

from members.data_rights import delete_account, export_member_data
from practices import records
from practices.models import PracticeIndexPage, PracticePage, PracticeUse, SavedPractice

from ..conftest import signed_in
from ..factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(home_page):
    return home_page.add_child(instance=PracticeIndexPage(title="Practices", slug="practices"))


@pytest.fixture
def practice(library):
    return library.add_child(
        instance=PracticePage(
            title="Troika Consulting", summary="Quick peer help.", makes_possible="<p>Help.</p>"
        )
    )


@pytest.fixture
def draft(library):
    return library.add_child(
        instance=PracticePage(
            title="Unfinished", summary="Not yet.", makes_possible="<p>x</p>", live=False
        )
    )


def save_url(practice):
    return f"/practices/{practice.slug}/save/"


# Saving and removing -------------------------------------------------------------------------


def test_a_member_saves_a_practice_to_their_list(member, member_client, practice):
    response = member_client.post(save_url(practice), follow=True)
    assert response.redirect_chain[-1][0] == practice.url
    assert SavedPractice.objects.filter(member=member, practice=practice).exists()
    assert "“Troika Consulting” is on your list" in response.content.decode()


def test_saving_twice_keeps_one_row(member, member_client, practice):
    member_client.post(save_url(practice))
    member_client.post(save_url(practice))
    assert SavedPractice.objects.filter(member=member, practice=practice).count() == 1


def test_saving_needs_a_post(member, member_client, practice):
    assert member_client.get(save_url(practice)).status_code == 405
    assert not SavedPractice.objects.exists()


def test_a_visitor_who_saves_is_sent_to_sign_in(client, practice):
    response = client.post(save_url(practice))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert not SavedPractice.objects.exists()


def test_a_member_whose_address_is_not_verified_cannot_save(unverified, practice):
    signed_in(unverified).post(save_url(practice))
    assert not SavedPractice.objects.exists()


def test_a_draft_practice_cannot_be_saved_or_recorded(member, member_client, draft):
    assert member_client.post(save_url(draft)).status_code == 404
    assert member_client.get(f"/practices/{draft.slug}/used/").status_code == 404
    assert member_client.post(f"/practices/{draft.slug}/used/", {"note": "x"}).status_code == 404
    assert not SavedPractice.objects.exists()
    assert not PracticeUse.objects.exists()


def test_a_practice_in_a_section_closed_to_the_member_is_as_good_as_missing(
    member, member_client, library
):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    section = library.add_child(instance=PracticeIndexPage(title="Board only", slug="board"))
    board = Group.objects.create(name="Board")
    restriction = PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(board)
    hidden = section.add_child(
        instance=PracticePage(
            title="Secret board method", summary="x", makes_possible="<p>x</p>", slug="secret"
        )
    )

    for response in (
        member_client.post(save_url(hidden)),
        member_client.post(f"/practices/{hidden.slug}/unsave/"),
        member_client.get(f"/practices/{hidden.slug}/used/"),
        member_client.post(f"/practices/{hidden.slug}/used/", {"note": "x"}),
    ):
        assert response.status_code == 404
        assert "Secret board method" not in response.content.decode()
    assert not SavedPractice.objects.exists()
    assert not PracticeUse.objects.exists()

    member.groups.add(board)  # the control: the section's own readers may save it
    assert member_client.post(save_url(hidden)).status_code == 302
    assert SavedPractice.objects.filter(member=member, practice=hidden).exists()


def test_two_practices_with_one_slug_in_different_sections_do_not_break_saving(
    member, member_client, library, practice
):
    other = library.add_child(instance=PracticeIndexPage(title="Archive", slug="archive"))
    other.add_child(
        instance=PracticePage(
            title="Old Troika", summary="x", makes_possible="<p>x</p>", slug=practice.slug
        )
    )

    assert member_client.post(save_url(practice)).status_code == 302
    assert SavedPractice.objects.filter(member=member).count() == 1


def test_the_service_refuses_a_practice_that_is_not_live(member, draft):
    with pytest.raises(records.PracticeUnavailable):
        records.save_practice(member, draft)
    with pytest.raises(records.PracticeUnavailable):
        records.record_use(member, draft, note="x")


def test_a_member_removes_a_practice_from_their_list(member, member_client, practice):
    records.save_practice(member, practice)
    page = member_client.get(practice.url).content.decode()
    assert "Remove from my list" in page
    response = member_client.post(f"/practices/{practice.slug}/unsave/")
    assert response.url == practice.url
    assert not SavedPractice.objects.exists()
    assert "Save to my list" in member_client.get(practice.url).content.decode()


def test_removing_returns_to_the_dashboard_when_asked_and_never_elsewhere(
    member, member_client, practice
):
    records.save_practice(member, practice)
    response = member_client.post(f"/practices/{practice.slug}/unsave/", {"next": "/me/"})
    assert response.url == "/me/"
    records.save_practice(member, practice)
    response = member_client.post(
        f"/practices/{practice.slug}/unsave/", {"next": "https://elsewhere.example/"}
    )
    assert response.url == practice.url


def test_removing_one_members_save_leaves_anothers(member, other_member, member_client, practice):
    records.save_practice(other_member, practice)
    member_client.post(f"/practices/{practice.slug}/unsave/")
    assert SavedPractice.objects.filter(member=other_member).exists()


# "I have used this" --------------------------------------------------------------------------


def test_a_member_records_using_a_practice_with_a_note(member, member_client, practice):
    form = member_client.get(f"/practices/{practice.slug}/used/").content.decode()
    assert "With how many people?" in form
    response = member_client.post(
        f"/practices/{practice.slug}/used/",
        {"where": "Team away day", "group_size": "12", "note": "Trios worked well."},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == practice.url
    use = PracticeUse.objects.get(member=member, practice=practice)
    assert (use.where, use.group_size, use.note) == ("Team away day", 12, "Trios worked well.")
    html = response.content.decode()
    assert "Used by 1 member" in html
    assert "Update my note on using this" in html


def test_recording_again_updates_the_one_record(member, member_client, practice):
    url = f"/practices/{practice.slug}/used/"
    member_client.post(url, {"note": "First go."})
    form = member_client.get(url).content.decode()
    assert "First go." in form
    member_client.post(url, {"note": "Second go, better.", "group_size": ""})
    use = PracticeUse.objects.get(member=member, practice=practice)
    assert use.note == "Second go, better."
    assert PracticeUse.objects.count() == 1


def test_a_group_size_that_makes_no_sense_is_refused_in_words(member, member_client, practice):
    response = member_client.post(f"/practices/{practice.slug}/used/", {"group_size": "0"})
    assert response.status_code == 200
    assert "greater than or equal to 1" in response.content.decode()
    assert not PracticeUse.objects.exists()


def test_a_visitor_is_sent_to_sign_in_to_record_a_use(client, practice):
    response = client.get(f"/practices/{practice.slug}/used/")
    assert response.url.startswith("/accounts/login/")


def test_used_by_counts_every_member_who_recorded_a_use(client, practice, member):
    records.record_use(member, practice)
    records.record_use(make_member(name="Hidden Hana", visibility="private"), practice)
    records.record_use(member, practice, note="Again")
    html = client.get(practice.url).content.decode()
    assert "Used by 2 members" in html
    assert "Hidden Hana" not in html


# The dashboard and data rights ---------------------------------------------------------------


def test_the_dashboard_lists_saved_practices_with_a_way_to_remove_them(
    member, member_client, practice, draft
):
    records.save_practice(member, practice)
    SavedPractice.objects.create(member=member, practice=draft)
    html = member_client.get("/me/").content.decode()
    assert "Saved practices" in html
    assert f'<a href="{practice.url}">Troika Consulting</a>' in html
    assert 'name="next" value="/me/"' in html
    assert "Unfinished" not in html


def test_an_empty_list_points_to_the_library(member_client, library):
    html = member_client.get("/me/").content.decode()
    assert "Nothing saved yet" in html
    assert '<a href="/practices/">the practice library</a>' in html


def test_the_dashboard_lists_the_practices_i_have_used_with_my_notes(
    member, member_client, practice, draft
):
    records.record_use(member, practice, where="Leeds", group_size=8, note="Quiet voices first.")
    PracticeUse.objects.create(member=member, practice=draft, note="Not published")
    records.record_use(make_member(name="Other Olu"), practice, note="Someone else's note")

    html = member_client.get("/me/").content.decode()

    assert "Practices you have used" in html
    assert f'<a href="{practice.url}">Troika Consulting</a>' in html
    assert "Leeds, with 8 people" in html
    assert "What worked: Quiet voices first." in html
    assert f'href="/practices/{practice.slug}/used/"' in html
    assert "Unfinished" not in html
    assert "Someone else" not in html


def test_before_using_any_practice_the_dashboard_says_how_to_record_one(member_client, library):
    html = member_client.get("/me/").content.decode()
    assert "Practices you have used" in html
    assert "When you have used a practice, say so on its page" in html


def test_the_data_download_holds_saves_and_uses(member, practice):
    records.save_practice(member, practice)
    records.record_use(member, practice, where="Leeds", group_size=8, note="Good.")
    archive = zipfile.ZipFile(BytesIO(export_member_data(member)))
    saved = json.loads(archive.read("saved_practices.json"))
    used = json.loads(archive.read("practices_used.json"))
    assert [entry["practice"] for entry in saved] == ["Troika Consulting"]
    assert used[0]["where"] == "Leeds"
    assert used[0]["what_worked"] == "Good."


def test_deleting_an_account_takes_its_saves_and_uses_with_it(member, practice):
    records.save_practice(member, practice)
    records.record_use(member, practice, note="Good.")
    delete_account(member, keep_published=True)
    assert not SavedPractice.objects.exists()
    assert not PracticeUse.objects.exists()
