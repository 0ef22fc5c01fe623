"""Ids from a request stop at the edge when no database integer holds them: an address is no
route, a query string names nothing, a form's choice is not one of the choices; ids that fit are
found as before. Without these bounds SQLite's driver raised OverflowError (a 500)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import resolve, reverse
from wagtail.admin.widgets import AdminPageChooser

from convening.shared.ids import (
    LARGEST,
    BoundedModelChoiceField,
    BoundedModelMultipleChoiceField,
    id_from,
)
from events.models import EventPage
from members.models import Sector
from tests.events.factories import make_gathering

PAST = ["9" * 40, str(2**63), str(LARGEST + 1)]


def test_an_address_with_an_id_past_the_bound_is_not_the_route_for_that_id():
    # It falls through to Wagtail's catch-all for pages, which finds no such page (404).
    for number in PAST:
        assert resolve(f"/gatherings/{number}/host/").view_name != "events:host"
    found = resolve(f"/gatherings/{LARGEST}/host/")
    assert (found.view_name, found.kwargs) == ("events:host", {"pk": LARGEST})


def test_routes_are_reversed_from_ids_as_before():
    assert reverse("events:host", kwargs={"pk": 42}) == "/gatherings/42/host/"


def test_a_query_string_id_is_a_number_that_fits_or_nothing():
    assert id_from("42") == 42
    assert id_from(str(LARGEST)) == LARGEST
    for value in [*PAST, None, "", "-1", "4 2", "1e3", "\uff14\uff12", "42\x00"]:
        assert id_from(value) is None, value


@pytest.mark.django_db
def test_a_page_chosen_by_a_number_past_any_id_is_not_one_of_the_choices():
    gathering = make_gathering("Ferry crossing")
    field = BoundedModelChoiceField(queryset=EventPage.objects.all())
    # Past the bound, below it, or no number at all (refused by Django itself): one answer.
    for value in [*PAST, "-" + PAST[0], "no number"]:
        with pytest.raises(ValidationError) as refused:
            field.clean(value)
        assert refused.value.code == "invalid_choice"
    assert field.clean(str(gathering.pk)) == gathering


@pytest.mark.django_db
def test_records_chosen_among_numbers_past_any_id_are_refused_and_the_others_found():
    sector = Sector.objects.create(name="Ferries", slug="ferries")
    field = BoundedModelMultipleChoiceField(queryset=Sector.objects.all())
    for number in PAST:
        with pytest.raises(ValidationError, match=f"{number} is not one of the available"):
            field.clean([number, str(sector.pk)])
    assert list(field.clean([str(sector.pk)])) == [sector]


@pytest.mark.django_db
def test_the_forms_wagtails_admin_builds_refuse_a_choice_past_any_id_as_not_a_choice():
    """An editor's form for a practice: its purposes (many-to-many), its steward (a foreign
    key) and the practices a story used (a page chooser, in an inline panel)."""
    from practices.models import PracticePage, StoryPage

    practice_form = PracticePage.get_edit_handler().get_form_class()
    assert issubclass(
        practice_form.base_fields["purposes"].__class__, BoundedModelMultipleChoiceField
    )
    assert issubclass(practice_form.base_fields["steward"].__class__, BoundedModelChoiceField)
    used = StoryPage.get_edit_handler().get_form_class().formsets["practices_used"].form
    assert issubclass(used.base_fields["practice"].__class__, BoundedModelChoiceField)
    assert isinstance(used.base_fields["practice"].widget, AdminPageChooser)  # still a chooser

    field = practice_form.base_fields["purposes"]
    for number in PAST:
        with pytest.raises(ValidationError) as refused:
            field.clean([number])
        assert refused.value.code == "invalid_choice"
