"""Every form of the site is drawn by one field template (FORM_RENDERER, site/forms.py): the
label, the hint, the error, then the control; a checkbox with its label beside it; a group of
choices as a fieldset whose legend is the question; and, when something needs correcting, a
summary at the top of the form that links to each field (the GOV.UK pattern). Wagtail's admin
keeps its own."""

import re

import html5lib
import pytest
from django import forms
from wagtail.models import PageViewRestriction

from convening.models import StandardPage
from events.models import AccessProvision, Rsvp
from tests.conftest import signed_in
from tests.events.factories import make_gathering

pytestmark = pytest.mark.django_db


class GatheringIdeaForm(forms.Form):
    """A form with one field of each kind the template draws differently."""

    title = forms.CharField(label="What would you call it", help_text="A few words are enough.")
    hosting = forms.BooleanField(label="I would host it", help_text="You can share it with others.")
    days = forms.MultipleChoiceField(
        label="Which days suit you",
        choices=[("mon", "Monday"), ("tue", "Tuesday")],
        widget=forms.CheckboxSelectMultiple,
    )
    format = forms.ChoiceField(
        label="Where",
        choices=[("online", "Online"), ("in_person", "In person")],
        widget=forms.RadioSelect,
    )
    source = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("Ideas are closed this week.")


def sent_back():
    form = GatheringIdeaForm(data={"title": "", "days": [], "source": ""})
    assert not form.is_valid()
    return form


def structural_errors(html):
    parser = html5lib.HTMLParser(tree=html5lib.treebuilders.getTreeBuilder("etree"))
    parser.parse(f"<!doctype html><title>Form</title><form>{html}</form>")
    return [f"{code} {data}" for _, code, data in parser.errors]


def summary_of(html):
    found = re.search(r'<div class="error-summary"[^>]*>.*?</div>', html, re.S)
    assert found, "no error summary"
    return found.group(0)


class TestTheErrorSummary:
    def test_heads_the_form_and_can_take_the_keyboard(self):
        html = str(sent_back())

        assert html.lstrip().startswith('<div class="error-summary" role="alert" tabindex="-1">')
        assert "<h2>There is a problem</h2>" in summary_of(html)

    def test_links_each_error_to_its_field(self):
        summary = summary_of(str(sent_back()))

        assert '<a href="#id_title">What would you call it: This field is required.</a>' in summary
        assert '<a href="#id_hosting">I would host it: This field is required.</a>' in summary

    def test_links_a_group_of_choices_to_its_first_choice(self):
        summary = summary_of(str(sent_back()))

        assert '<a href="#id_days_0">Which days suit you' in summary
        assert '<a href="#id_format_0">Where' in summary

    def test_links_a_group_with_nothing_to_choose_to_the_group_itself(self):
        class Story(forms.Form):
            practices = forms.MultipleChoiceField(choices=[], widget=forms.CheckboxSelectMultiple)

        summary = summary_of(str(Story(data={})))

        assert '<a href="#id_practices">Practices: This field is required.</a>' in summary

    def test_lists_errors_about_the_whole_form_and_hidden_fields_without_a_link(self):
        summary = summary_of(str(sent_back()))

        assert "<li>Ideas are closed this week.</li>" in summary
        assert "<li>This field is required.</li>" in summary
        assert '<a href="#id_source"' not in summary

    def test_is_not_there_while_nothing_is_wrong(self):
        assert "error-summary" not in str(GatheringIdeaForm())


class TestTheFieldTemplate:
    def test_draws_label_then_hint_then_error_then_control(self):
        html = sent_back()["title"].as_field_group()

        order = [
            html.index('<label for="id_title">What would you call it</label>'),
            html.index('<div class="helptext" id="id_title_helptext">'),
            html.index('<ul class="errorlist" id="id_title_error">'),
            html.index('<input type="text" name="title"'),
        ]
        assert order == sorted(order)

    def test_links_the_hint_and_the_error_to_the_control(self):
        html = sent_back()["title"].as_field_group()

        assert 'aria-describedby="id_title_helptext id_title_error"' in html
        assert 'aria-invalid="true"' in html

    def test_links_the_hint_alone_before_anything_is_wrong(self):
        html = GatheringIdeaForm()["title"].as_field_group()

        assert 'aria-describedby="id_title_helptext"' in html
        assert "aria-invalid" not in html
        assert "errorlist" not in html

    def test_puts_a_checkbox_beside_its_label(self):
        html = sent_back()["hosting"].as_field_group()

        beside = r'<label for="id_hosting"><input type="checkbox" [^>]*> I would host it</label>'
        assert re.search(beside, html)
        assert 'aria-describedby="id_hosting_helptext id_hosting_error"' in html

    def test_draws_a_group_of_choices_as_a_fieldset_with_the_question_as_legend(self):
        form = sent_back()

        for name, question in [("days", "Which days suit you"), ("format", "Where")]:
            html = form[name].as_field_group()
            assert re.match(
                rf'\s*<fieldset class="field field--error" aria-describedby="id_{name}_error">\s*'
                rf"<legend>{question}</legend>",
                html,
            )
            assert f'<label for="id_{name}_0"><input' in html

    def test_drops_a_placeholder_in_favour_of_the_hint(self):
        class Search(forms.Form):
            q = forms.CharField(widget=forms.TextInput(attrs={"placeholder": "Search"}))

        assert "placeholder" not in Search()["q"].as_field_group()

    def test_is_the_same_for_the_whole_form_and_for_as_div(self):
        form = sent_back()

        assert form.as_div() == str(form)
        assert form["title"].as_field_group() in str(form)

    def test_writes_html_a_strict_parser_accepts(self):
        assert structural_errors(str(sent_back())) == []
        assert structural_errors(str(GatheringIdeaForm())) == []


class TestTheAccountPages:
    def test_a_sign_up_with_a_bad_email_says_so_at_the_top_and_keeps_the_name(self, client):
        response = client.post(
            "/accounts/signup/",
            {
                "display_name": "Ada Okafor",
                "email": "not-an-email",
                "password1": "a-long-test-password",
                "password2": "a-long-test-password",
            },
        )

        html = response.content.decode()
        summary = summary_of(html)
        assert "There is a problem" in summary
        assert '<a href="#id_email">' in summary
        assert 'value="Ada Okafor"' in html
        assert re.search(r'<input type="email" name="email"[^>]*aria-invalid="true"', html)


class TestTheGatheringReply:
    def test_a_reply_sent_back_keeps_what_was_typed_and_links_to_the_problem(self, member):
        event = make_gathering(capacity=10)
        step_free = AccessProvision.objects.get(slug="step-free")

        response = signed_in(member).post(
            f"/gatherings/{event.pk}/reply/",
            {
                "going": "yes",
                "access_needs": [step_free.pk],
                "access_notes": "A chair near the door",
                "question": "Is there parking? " * 200,
            },
        )

        assert response.status_code == 400
        html = response.content.decode()
        assert '<a href="#id_question">' in summary_of(html)
        assert "A chair near the door</textarea>" in html
        assert "Is there parking?" in html
        assert re.search(rf'value="{step_free.pk}"[^>]*checked', html)
        assert not Rsvp.objects.exists()


class TestAPageBehindAPassword:
    def test_asks_in_the_site_layout_and_says_when_the_password_is_wrong(self, client, home_page):
        page = home_page.add_child(instance=StandardPage(title="Stewards", slug="stewards"))
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="open-sesame"
        )

        asked = client.get("/stewards/").content.decode()
        action = re.search(r'<form action="([^"]+)"', asked).group(1)
        refused = client.post(action, {"password": "wrong", "return_url": "/stewards/"})

        assert "<h1>Password needed</h1>" in asked
        assert '<label for="id_password">' in asked
        assert '<a href="#id_password">Password: The password you have entered is not correct' in (
            summary_of(refused.content.decode())
        )

    def test_shows_nothing_of_the_page_before_the_password(self, client, home_page):
        page = home_page.add_child(
            instance=StandardPage(
                title="Stewards only", slug="stewards", search_description="Budget lines"
            )
        )
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="open-sesame"
        )

        asked = client.get("/stewards/").content.decode()

        assert "Password needed" in asked
        assert "Stewards only" not in asked
        assert "Budget lines" not in asked


class TestWagtailAdmin:
    def test_keeps_its_own_form_rendering(self, superuser):
        html = signed_in(superuser).post("/admin/collections/add/", {"name": ""}).content.decode()

        assert "w-field" in html
        assert "error-summary" not in html
        assert "There is a problem" not in html
