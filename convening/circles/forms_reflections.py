"""Forms for writing a reflection, replying, answering a commitment and exporting a portfolio.
They check the shape of what was typed and offer only what the member may choose; what a
reflection must be (something written, a circle to share with, a date not in the future) and
who may do what are the services' rules in convening/reflections.py, whose refusals the views
show on the form."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from convening.circles.models import Circle, Reflection, ReflectionVisibility
from convening.circles.reflections import (
    NOT_YOUR_CIRCLE,
    REPLY_MAX,
    TRIED_CHOICES,
    circles_of,
    not_competencies,
    sessions_for,
)
from convening.circles.structures import STRUCTURES, structure_of
from convening.shared.ids import BoundedModelChoiceField, BoundedModelMultipleChoiceField
from events.models import EventPage, Rsvp
from practices.models import Competency, PracticePage, StoryPage
from practices.value import ValueCycle

VALUE_CHOICES = [("", "None in particular"), *ValueCycle.choices]


class SessionChoiceField(BoundedModelChoiceField):
    def label_from_instance(self, session):
        return f"{session.circle.name}, session {session.number} ({session.starts_at:%d %b %Y})"


class CircleChoiceField(BoundedModelChoiceField):
    def label_from_instance(self, circle):
        return circle.name


class PageChoiceField(BoundedModelChoiceField):
    def label_from_instance(self, page):
        return page.title


def gathering_label(gathering) -> str:
    """A gathering by its title and date, in the viewer's zone: the dates of a series share
    one title ("Tea and systems")."""
    return f"{gathering.title}, {date_format(timezone.localtime(gathering.starts_at), 'j M Y')}"


class GatheringChoiceField(BoundedModelChoiceField):
    def label_from_instance(self, gathering):
        return gathering_label(gathering)


class CompetencyField(forms.MultipleChoiceField):
    """Competency codes. An unknown code gets a message naming it and the codes that exist,
    rather than Django's generic "not one of the available choices"."""

    default_error_messages = {"invalid_choice": not_competencies(["%(value)s"])}

    def to_python(self, value):
        return [str(code).strip().upper() for code in super().to_python(value)]


class ReflectionForm(forms.Form):
    """A reflection: its structure's prompts become one text area each (`section_<key>`).

    The structure is chosen before the form (links that reload the page), and kept in a hidden
    field, so a member without JavaScript never loses what they wrote to a changed select."""

    structure = forms.ChoiceField(
        choices=[(code, s.name) for code, s in STRUCTURES.items()], widget=forms.HiddenInput
    )
    title = forms.CharField(max_length=160)
    date = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="When it happened, or when you reflected on it.",
    )
    session = SessionChoiceField(
        queryset=None,
        required=False,
        label="A circle session",
        empty_label="None",
    )
    gathering = GatheringChoiceField(
        queryset=EventPage.objects.none(), required=False, label="A gathering", empty_label="None"
    )
    practice = PageChoiceField(
        queryset=PracticePage.objects.none(),
        required=False,
        label="A practice",
        empty_label="None",
    )
    story = PageChoiceField(
        queryset=StoryPage.objects.none(), required=False, label="A story", empty_label="None"
    )
    competencies = CompetencyField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Competencies it speaks to",
        help_text="From the Systems Thinking Practitioner standard: your portfolio groups "
        "reflections by them.",
    )
    value_cycle = forms.ChoiceField(
        choices=VALUE_CHOICES, required=False, label="The value it speaks to"
    )
    visibility = forms.ChoiceField(
        choices=ReflectionVisibility.choices,
        initial=ReflectionVisibility.PRIVATE,
        widget=forms.RadioSelect,
        label="Who can read it",
    )
    circle = CircleChoiceField(
        queryset=Circle.objects.none(),
        required=False,
        label="Which circle",
        empty_label="Choose a circle…",
        help_text="Only when you share it with your circle: its members read it, and can reply.",
        error_messages={"invalid_choice": NOT_YOUR_CIRCLE},
    )

    def __init__(self, *args, author, structure, about=None, instance=None, **kwargs):
        about = about or {}
        self.instance = instance
        if instance is not None:
            kwargs.setdefault("initial", {}).update(_initial_of(instance))
        else:
            initial = kwargs.setdefault("initial", {})
            initial.setdefault("date", timezone.localdate())
            initial.setdefault("visibility", ReflectionVisibility.PRIVATE)
            for key, value in about.items():
                if value is not None:
                    initial.setdefault(key, value.pk)
            if about.get("session") is not None:
                initial.setdefault("circle", about["session"].circle_id)
        # A posted structure wins, so the sections match what the member was shown.
        data = args[0] if args else kwargs.get("data")
        if instance is not None:
            structure = instance.structure
        elif data is not None and data.get("structure") in STRUCTURES:
            structure = data["structure"]
        self.structure = structure_of(structure)
        kwargs["initial"]["structure"] = self.structure.code
        super().__init__(*args, **kwargs)

        self.fields["session"].queryset = _with_current(
            sessions_for(author), instance, "session"
        ).select_related("circle")
        self.fields["circle"].queryset = circles_of(author)
        self.fields["gathering"].queryset = _with_current(
            EventPage.objects.live().visible_to(author), instance, "gathering"
        )
        self.fields["practice"].queryset = _with_current(
            PracticePage.objects.live().public(), instance, "practice"
        )
        self.fields["story"].queryset = _with_current(
            StoryPage.objects.live().public(), instance, "story"
        )
        # Every live gathering or practice would make a select no one can use: offer the ones
        # this member is close to, plus what the reflection is already about.
        chosen = {key: getattr(instance, key, None) or about.get(key) for key in about_keys()}
        self.fields["gathering"].choices = _short_choices(
            EventPage.objects.live()
            .visible_to(author)
            .filter(rsvps__member=author, rsvps__status=Rsvp.Status.GOING)
            .order_by("-starts_at")[:20],
            chosen["gathering"],
            label=gathering_label,
        )
        self.fields["practice"].choices = _short_choices(
            PracticePage.objects.live()
            .public()
            .filter(Q(uses__member=author) | Q(saves__member=author))
            .distinct()
            .order_by("title")[:40],
            chosen["practice"],
            sort=True,
        )
        self.fields["story"].choices = _short_choices(StoryPage.objects.none(), chosen["story"])
        self.fields["competencies"].choices = [
            (c.code, f"{c.code} {c.title}") for c in Competency.objects.order_by("order")
        ]
        self.prompt_fields = []
        for prompt in self.structure.prompts:
            name = f"section_{prompt.key}"
            self.fields[name] = forms.CharField(
                label=prompt.heading,
                help_text=prompt.question,
                required=False,
                max_length=10000,
                widget=forms.Textarea(attrs={"rows": 6}),
            )
            if instance is not None:
                self.initial[name] = instance.text_of(prompt.key)
            self.prompt_fields.append(name)
        for name in ("gathering", "practice", "story"):
            if len(self.fields[name].choices) <= 1:
                self.fields[name].widget = forms.HiddenInput()

    @property
    def offers_about(self) -> bool:
        """Whether there is anything to choose under "what it is about"."""
        return self.fields["session"].queryset.exists() or any(
            not self[name].is_hidden for name in ("gathering", "practice", "story")
        )

    @property
    def section_fields(self):
        return [self[name] for name in self.prompt_fields]

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "date": data["date"],
            "structure": self.structure.code,
            "sections": {
                prompt.key: data.get(f"section_{prompt.key}", "")
                for prompt in self.structure.prompts
            },
            "session": data.get("session"),
            "gathering": data.get("gathering"),
            "practice": data.get("practice"),
            "story": data.get("story"),
            "competencies": data.get("competencies") or [],
            "value_cycle": data.get("value_cycle") or "",
            "visibility": data["visibility"],
            "circle": data.get("circle"),
        }


def _with_current(queryset, instance, key):
    """What the member may choose, plus what the reflection is already about: an author who
    left a circle keeps the link to its session in their own reflection."""
    current = getattr(instance, f"{key}_id", None)
    if current is None:
        return queryset
    return queryset.model.objects.filter(Q(pk__in=queryset.values("pk")) | Q(pk=current)).order_by(
        *queryset.query.order_by
    )


def about_keys():
    return ("session", "gathering", "practice", "story")


def _short_choices(queryset, chosen, sort=False, label=lambda page: page.title):
    pages = list(queryset)
    if chosen is not None and all(page.pk != chosen.pk for page in pages):
        pages.insert(0, chosen)
    if sort:
        pages.sort(key=lambda page: page.title.lower())
    return [("", "None"), *((page.pk, label(page)) for page in pages)]


def _initial_of(reflection) -> dict:
    return {
        "title": reflection.title,
        "date": reflection.date,
        "session": reflection.session_id,
        "gathering": reflection.gathering_id,
        "practice": reflection.practice_id,
        "story": reflection.story_id,
        "competencies": [c.code for c in reflection.competencies.all()],
        "value_cycle": reflection.value_cycle,
        "visibility": reflection.visibility,
        "circle": reflection.circle_id,
    }


class ReplyForm(forms.Form):
    text = forms.CharField(
        label="Your reply",
        max_length=REPLY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Read by the same people who can read the reflection.",
    )


class OutcomeForm(forms.Form):
    """ "Did you try it? What happened?" for a commitment."""

    tried = forms.ChoiceField(
        choices=TRIED_CHOICES, widget=forms.RadioSelect, label="Did you try it?"
    )
    text = forms.CharField(
        label="What happened?",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What you did, what changed, what you noticed. It becomes a reflection.",
    )
    value_cycle = forms.ChoiceField(
        choices=[
            ("", "Not yet, or not sure"),
            (ValueCycle.APPLIED, ValueCycle.APPLIED.label),
            (ValueCycle.REALISED, ValueCycle.REALISED.label),
        ],
        required=False,
        widget=forms.RadioSelect,
        label="What value did it create?",
    )
    visibility = forms.ChoiceField(
        choices=[
            (ReflectionVisibility.PRIVATE, "Only me"),
            (ReflectionVisibility.CIRCLE, "The circle of this session"),
            (ReflectionVisibility.MEMBERS, "All members"),
        ],
        initial=ReflectionVisibility.PRIVATE,
        widget=forms.RadioSelect,
        label="Who can read it",
    )

    def __init__(self, *args, circle=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.circle = circle
        if circle is None:
            self.fields["visibility"].choices = [
                c for c in self.fields["visibility"].choices if c[0] != ReflectionVisibility.CIRCLE
            ]
        self.fields["text"].widget.attrs["required"] = True


class ExportForm(forms.Form):
    reflections = BoundedModelMultipleChoiceField(
        queryset=Reflection.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Reflections to include",
        error_messages={
            "invalid_choice": "You can only export your own reflections.",
            "required": "Choose at least one reflection to export.",
        },
    )
    format = forms.ChoiceField(
        choices=[
            ("pdf", "PDF, to print or send"),
            ("markdown", "Markdown, plain text"),
            ("csv", "CSV, for a spreadsheet"),
        ],
        initial="pdf",
        widget=forms.RadioSelect,
        label="Format",
    )

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        mine = Reflection.objects.filter(author=member).order_by("-date", "-pk")
        self.fields["reflections"].queryset = mine
        self.fields["reflections"].label_from_instance = lambda reflection: (
            f"{reflection.title} ({reflection.date:%d %b %Y})"
        )
        if not self.is_bound:
            self.initial["reflections"] = [r.pk for r in mine]
