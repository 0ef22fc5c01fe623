"""Bad input in forms (#8, section 5): Hypothesis over every form class of the project.

For each form: data that fits its fields (hypothesis.extra.django.from_form, with our own
strategies for the few fields whose rules span several fields) validates; garbage (arbitrary
unicode with NUL bytes and lone surrogates, huge and negative numbers, very long strings, lists
where one value is expected, fields missing, fields unknown) never raises: is_valid() answers
True or False, and a model form is saved (without committing) only once valid.

The forms are found by importing every module of our four apps, so a new form fails
`test_every_form_class_is_fuzzed_or_exempted` until it is added to FORMS below or to
EXEMPT with a reason. A few examples per form by default; TRUST_LONG=1 runs many more.
"""

import importlib
import os
import pkgutil
from dataclasses import dataclass, field

import pytest
from allauth.core.context import request_context
from django import forms
from django.db import transaction
from django.test import RequestFactory
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import from_form, register_field_strategy
from taggit.forms import TagField

from convening.circles.membership import filter_options
from convening.circles.models import ReflectionVisibility
from convening.circles.structures import DEFAULT_STRUCTURE
from convening.shared.ids import BoundedModelChoiceField, BoundedModelMultipleChoiceField
from events.models import AccessNeeds, Feedback
from tests.convening.circles.factories import (
    make_circle,
    make_facilitator,
    make_reflection,
    make_session,
)
from tests.events.factories import make_gathering, make_host
from tests.factories import make_member
from tests.practices.factories import make_practice

from .world import PASSWORD

# One worker under `--dist loadgroup` (make test, make trust): `places` is built once.
pytestmark = pytest.mark.xdist_group("form-fuzzing")

SECTION = "5. Bad input"
APPS = ("members", "practices", "events", "convening")
LONG = os.environ.get("TRUST_LONG") == "1"
EXAMPLES = 200 if LONG else 4

FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)


@dataclass
class Places:
    """What the forms are about: built once per module (see `places`), never changed."""

    member: object
    circle_member: object
    host: object
    facilitator: object
    circle: object
    session: object
    gathering: object
    practice: object
    extra: dict = field(default_factory=dict)


def text(min_size=1, max_size=80):
    """Printable text that survives stripping, for fields that must say something."""
    return st.text(
        st.characters(codec="utf-8", exclude_categories=["Cc", "Cs", "Zl", "Zp"]),
        min_size=min_size,
        max_size=max_size,
    ).filter(lambda value: len(value.strip()) >= min_size)


# Tags are typed as words separated by commas.
register_field_strategy(
    TagField,
    st.lists(st.text("abcdefghij -", min_size=1, max_size=12), max_size=4).map(", ".join),
)


@dataclass
class Spec:
    """How to build a form (`kwargs(places)`), and strategies for the fields from_form cannot
    infer or whose rules span several fields (`fields(places)`)."""

    kwargs: object = lambda places: {}
    fields: object = lambda places: {}


def _profile(places):
    return {"instance": type(places.member.profile).objects.get(pk=places.member.profile.pk)}


FORMS = {
    "members.forms.SignupDetailsForm": Spec(),
    "members.forms.ProfileForm": Spec(
        _profile,
        lambda places: {
            "avatar": st.none(),
            "remove_avatar": st.just(False),
            # The model keeps 200 characters of each address: longer ones are refused clearly.
            "website": st.just("https://example.org/me"),
            "linkedin": st.just(""),
            "social": st.just(""),
        },
    ),
    "members.forms.OnboardingForm": Spec(_profile),
    "members.forms.ContactForm": Spec(),
    "members.forms.ReplyForm": Spec(),
    "members.forms.ReportForm": Spec(),
    "members.forms_preferences.EmailPreferencesForm": Spec(_profile),
    "members.forms_data_rights.DeleteAccountForm": Spec(
        lambda places: {"user": places.member},
        lambda places: {"password": st.just(PASSWORD)},
    ),
    "members.directory.DirectoryFilters": Spec(),
    "practices.forms_records.PracticeUseForm": Spec(),
    "practices.library.LibraryFilters": Spec(
        fields=lambda places: {
            "sort": st.just(""),
            **{
                name: st.lists(text(max_size=20), max_size=3)
                for name in (
                    "purpose",
                    "phase",
                    "situation",
                    "tradition",
                    "scale",
                    "participation",
                    "sector",
                    "competency",
                    "kind",
                    "mode",
                    "time",
                    "tag",
                    "practice",
                )
            },
        }
    ),
    "practices.library.ResourceFilters": Spec(),
    "practices.forms_submissions.StorySubmissionForm": Spec(
        fields=lambda places: {
            "practices": st.just([places.practice.pk]),
            "value_cycle": st.just(""),
            "value_evidence": st.just(""),
            "image": st.none(),
            "image_description": st.just(""),
            "competencies": st.just([]),
        }
    ),
    "practices.forms_submissions.PracticeSuggestionForm": Spec(),
    "practices.chooser.WhereToStart": Spec(
        fields=lambda places: {"purpose": st.lists(text(max_size=20), max_size=3)}
    ),
    "events.forms_invitations.InviteForm": Spec(
        lambda places: {"host": places.host, "event": places.gathering},
        lambda places: {
            "member": st.just(places.member.profile.pk),
            "email": st.just(""),
            "message": text(max_size=300),
        },
    ),
    "events.forms_invitations.ProposeForm": Spec(),
    "events.forms_invitations.DecisionForm": Spec(),
    "events.admin_views.NextDatesForm": Spec(lambda places: {"may_publish": True}),
    "events.forms.ReplyForm": Spec(),
    "events.forms.OneClickReplyForm": Spec(),
    "events.forms.AccessNeedsForm": Spec(
        lambda places: {"instance": AccessNeeds(member=places.member)}
    ),
    "events.forms.FeedbackForm": Spec(
        lambda places: {"instance": Feedback(event=places.gathering, member=places.member)}
    ),
    "convening.circles.forms_reflections.ReflectionForm": Spec(
        lambda places: {"author": places.member, "structure": DEFAULT_STRUCTURE},
        lambda places: {
            "structure": st.just(DEFAULT_STRUCTURE),
            "title": text(max_size=160),
            "section_what": text(max_size=500),
            "visibility": st.just(ReflectionVisibility.PRIVATE),
            "circle": st.just(""),
            "competencies": st.lists(st.sampled_from(["K1", "S2", "B9"]), unique=True),
            # Nothing here to choose from: this member has no gatherings, uses or stories.
            "session": st.just(""),
            "gathering": st.just(""),
            "practice": st.just(""),
            "story": st.just(""),
        },
    ),
    "convening.circles.forms_reflections.ReplyForm": Spec(),
    "convening.circles.forms_reflections.OutcomeForm": Spec(
        lambda places: {"circle": places.circle}
    ),
    "convening.circles.forms_reflections.ExportForm": Spec(
        lambda places: {"member": places.member}
    ),
    "convening.circles.forms_sessions.WhenAndWhereForm": Spec(
        lambda places: {"circle": places.circle},
        lambda places: {"join_url": st.just(""), "place": text(max_size=300)},
    ),
    "convening.circles.forms_sessions.ScheduleForm": Spec(
        lambda places: {"circle": places.circle},
        lambda places: {"join_url": st.just(""), "place": text(max_size=300)},
    ),
    "convening.circles.forms_sessions.ChangeSessionForm": Spec(
        lambda places: {"session": places.session},
        lambda places: {
            "join_url": st.just("https://meet.example.org/x"),
            "presenter": st.just(""),
        },
    ),
    "convening.circles.forms_sessions.CancelForm": Spec(),
    "convening.circles.forms_sessions.NotesForm": Spec(),
    "convening.circles.forms_sessions.AttendanceForm": Spec(
        lambda places: {"session": places.session},
        lambda places: {
            "present": st.lists(
                st.sampled_from([str(places.facilitator.pk), str(places.circle_member.pk)]),
                unique=True,
            )
        },
    ),
    "convening.circles.forms_sessions.RetrospectiveForm": Spec(),
    "convening.circles.forms_sessions.EndOfRunForm": Spec(
        fields=lambda places: {"sessions": st.integers(1, 6)}
    ),
    "convening.circles.forms_circles.CircleForm": Spec(
        lambda places: {"active_count": 0},
        # The model's own bounds, which the form fields do not carry as min and max.
        lambda places: {
            "size_limit": st.integers(3, 12),
            "planned_sessions": st.integers(1, 24),
            "quorum": st.integers(2, 3),
            "format": st.just("online"),
        },
    ),
    "convening.circles.forms_circles.CircleFilters": Spec(
        lambda places: {"options": filter_options()}
    ),
    "convening.circles.forms_circles.AgreeingForm": Spec(),
    "convening.circles.forms_circles.RequestForm": Spec(lambda places: {"circle": places.circle}),
    "convening.circles.forms_circles.InvitationAnswerForm": Spec(
        fields=lambda places: {"agree": st.just(True)}
    ),
    "convening.circles.forms_circles.DecisionForm": Spec(),
    "convening.circles.forms_circles.InviteForm": Spec(
        lambda places: {"facilitator": places.facilitator, "circle": places.circle},
        lambda places: {"member": st.just(places.member.profile.pk)},
    ),
    "convening.circles.forms_circles.StatusForm": Spec(
        fields=lambda places: {"confirm": st.just(True)}
    ),
}

EXEMPT = {
    "convening.shared.uploads.EditorImageForm": "Wagtail's image form "
    "(WAGTAILIMAGES_IMAGE_FORM_BASE), built by Wagtail for the image model; the admin's image "
    "uploads take hostile files in test_uploads.py",
    "members.forms_signup.SignupForm": "allauth's sign-up form with one hook (try_save, after "
    "validation): its fields are SignupDetailsForm's (fuzzed above) and allauth's, and the "
    "sign-up page takes the garbage corpus in test_garbage.py; tests/members/test_signup.py",
    "events.admin_forms.GatheringForm": "Wagtail's page editor form: Wagtail builds it with the "
    "page's panels, formsets and the editing user; its wall-clock times are tested in "
    "tests/events, and its admin views take the garbage corpus in test_garbage.py",
}


def our_form_classes():
    """Every form class defined in our apps, by dotted name."""
    found = {}
    for app in APPS:
        package = importlib.import_module(app)
        for module_info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if ".migrations" in module_info.name or ".management" in module_info.name:
                continue
            module = importlib.import_module(module_info.name)
            for value in vars(module).values():
                if (
                    isinstance(value, type)
                    and issubclass(value, forms.BaseForm)
                    and value.__module__ == module_info.name
                ):
                    found[f"{value.__module__}.{value.__qualname__}"] = value
    return found


def form_class(dotted):
    module, name = dotted.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)


def test_every_form_class_is_fuzzed_or_exempted():
    found = set(our_form_classes())
    missing = sorted(found - set(FORMS) - set(EXEMPT))
    stale = sorted((set(FORMS) | set(EXEMPT)) - found)
    assert not missing, f"Forms neither fuzzed nor exempted with a reason: {missing}"
    assert not stale, f"Listed forms that no longer exist: {stale}"
    assert all(reason.strip() for reason in EXEMPT.values())


@pytest.fixture(scope="module")
def places(django_db_setup, django_db_blocker):
    """The people, circle, session, gathering and practice the forms are about, made once for
    the module inside a transaction that is rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        member = make_member(name="Fuzz Member")
        circle_member = make_member(name="Fuzz Circle Member")
        host = make_host(name="Fuzz Host")
        facilitator = make_facilitator(name="Fuzz Facilitator")
        circle = make_circle(
            "Fuzz circle",
            facilitator=facilitator,
            members=[circle_member],
            join_questions="What brings you here?\nWhat do you hope for?",
        )
        made = Places(
            member=member,
            circle_member=circle_member,
            host=host,
            facilitator=facilitator,
            circle=circle,
            session=make_session(circle),
            gathering=make_gathering("Fuzz gathering", hosts=[host]),
            practice=make_practice("Fuzz practice"),
        )
        make_reflection(member, title="Mine to export")
        yield made
        transaction.set_rollback(True)


def check(form):
    """The promise under test: validation answers, and a valid model form saves. Inside a
    request, as in the views: allauth checks a typed password against the request's limits."""
    with request_context(RequestFactory().post("/")):
        valid = form.is_valid()
    assert isinstance(valid, bool)
    if valid and isinstance(form, forms.ModelForm):
        form.save(commit=False)
    return valid


@pytest.mark.parametrize("dotted", sorted(FORMS))
@pytest.mark.django_db
@FUZZ_SETTINGS
@given(data=st.data())
def test_data_that_fits_the_fields_validates(dotted, places, data):
    spec = FORMS[dotted]
    kwargs = spec.kwargs(places)
    fields = bounded_choices(form_class(dotted)(**kwargs)) | spec.fields(places)
    form = data.draw(from_form(form_class(dotted), form_kwargs=kwargs, **fields))
    assert check(form), f"{dotted} refused fitting data: {form.errors.as_json()}"


def bounded_choices(form) -> dict:
    """Strategies for the fields that choose records by id (`convening.shared.ids`): one of
    their choices, as Hypothesis offers for Django's own ModelChoiceField, which it matches by
    exact type only."""
    found = {}
    for name, chooser in form.fields.items():
        if isinstance(chooser, BoundedModelChoiceField | BoundedModelMultipleChoiceField):
            values = [value.value for value, _ in chooser.choices if value != ""]
            if isinstance(chooser, BoundedModelMultipleChoiceField):
                found[name] = (
                    st.lists(st.sampled_from(values), min_size=int(chooser.required), unique=True)
                    if values
                    else st.just([])
                )
            else:
                found[name] = st.sampled_from(values) if values else st.just("")
    return found


HUGE = "9" * 40  # past any database integer
GARBAGE_ATOMS = st.one_of(
    st.text(st.characters(exclude_categories=()), max_size=40),  # any code point, surrogates too
    st.text(st.sampled_from("\x00\ufeff\u202e<>'\"&%\\"), max_size=20),
    st.integers().map(str),
    st.sampled_from([HUGE, "-1", "0", "1e309", "NaN", "-inf", "2024-13-45", "25:61", "x" * 20000]),
    st.sampled_from(["https://", "javascript:alert(1)", "http://[::1", "yes", "no", "on", ""]),
)


def garbage_for(form):
    """A MultiValueDict as a request would give: some of the form's names (and some it does
    not know), each with zero or more garbage values."""
    names = [*form.fields, "unknown", "csrfmiddlewaretoken", "section_x", "answer_99"]
    return st.dictionaries(
        st.sampled_from(names), st.lists(GARBAGE_ATOMS, max_size=3), max_size=len(names)
    ).map(MultiValueDict)


@pytest.mark.parametrize("dotted", sorted(FORMS))
@pytest.mark.django_db
@FUZZ_SETTINGS
@given(data=st.data())
def test_garbage_never_raises(dotted, places, data):
    spec = FORMS[dotted]
    kwargs = spec.kwargs(places)
    template = form_class(dotted)(**kwargs)
    garbage = data.draw(garbage_for(template))
    check(form_class(dotted)(garbage, **spec.kwargs(places)))


@pytest.mark.parametrize("huge", [HUGE, "-" + HUGE])
@pytest.mark.django_db
def test_a_number_past_the_database_range_in_a_choice_field_is_refused(places, huge):
    """A number no database integer holds, in any field that chooses among our records (a
    multiple choice, a page of a Wagtail page type), is refused with that field's own message
    ("Select a valid choice" unless the form says it better), on SQLite as on PostgreSQL."""
    refused = 0
    for dotted in sorted(FORMS):
        spec = FORMS[dotted]
        template = form_class(dotted)(**spec.kwargs(places))
        choosers = {
            name: chooser
            for name, chooser in template.fields.items()
            if isinstance(chooser, forms.ModelChoiceField)
        }
        if not choosers:
            continue
        form = form_class(dotted)(
            MultiValueDict({name: [huge] for name in template.fields}), **spec.kwargs(places)
        )
        assert check(form) is False, dotted
        for name, chooser in choosers.items():
            message = chooser.error_messages["invalid_choice"] % {"value": huge}
            assert message in form.errors.get(name, []), f"{dotted}.{name}: {form.errors}"
            refused += 1
    assert refused >= 15  # so it cannot pass by finding no choice field (20 of them today)


def test_the_report_counts_the_fuzzed_forms(trust_figures):
    # One figure for the report: how many forms are fuzzed, of those found.
    found = our_form_classes()
    trust_figures.record(
        SECTION,
        "form classes fuzzed or exempted with a reason",
        passed=len((set(FORMS) | set(EXEMPT)) & set(found)),
        attempted=len(found),
        detail=f"{EXAMPLES} examples per form and property; exempt: {', '.join(sorted(EXEMPT))}",
    )
    assert set(found) <= set(FORMS) | set(EXEMPT)
