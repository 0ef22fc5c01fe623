"""Forms for circles: the settings, the listing's filters, joining, asking, answering an
invitation, and the facilitators' decisions."""

from django import forms

from convening.shared.ids import BoundedModelChoiceField, BoundedModelMultipleChoiceField
from members.forms import TimeZoneField
from members.models import Profile, Sector

from .membership import SETTINGS_FIELDS
from .models import Circle, CircleMembership

AGREE_LABEL = "I accept the circle\u2019s agreements"
AGREE_MISSING = "Tick this to join: every member of a circle accepts its agreements."


class CircleForm(forms.ModelForm):
    """A circle's settings, for starting one and for its facilitators to change."""

    time_zone = TimeZoneField(initial=Circle._meta.get_field("time_zone").default)

    class Meta:
        model = Circle
        fields = [*SETTINGS_FIELDS, "topics", "sectors"]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "agreements": forms.Textarea(attrs={"rows": 6}),
            "join_questions": forms.Textarea(attrs={"rows": 3}),
            "sectors": forms.CheckboxSelectMultiple,
        }
        field_classes = {"sectors": BoundedModelMultipleChoiceField}
        labels = {"default_structure": "Usual structure of a session", "topics": "Topics"}
        help_texts = {
            "topics": "A few words, separated by commas: members find circles by topic.",
            "purpose": "Who the circle is for and what it is for, in a few lines.",
        }

    def __init__(self, *args, active_count=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.active_count = active_count
        self.fields["sectors"].queryset = Sector.objects.all()
        self.fields["sectors"].required = False

    def clean_size_limit(self):
        size = self.cleaned_data["size_limit"]
        if size is not None and size < self.active_count:
            raise forms.ValidationError(
                f"The circle has {self.active_count} members: the size limit cannot be smaller."
            )
        return size

    def settings(self) -> dict:
        """The cleaned values, as the circle services take them."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CircleFilters(forms.Form):
    """The listing's query string. A value that does not fit is ignored, not an error."""

    topic = forms.ChoiceField(required=False)
    sector = forms.ChoiceField(required=False)
    time_zone = forms.ChoiceField(label="Time zone", required=False)
    cadence = forms.ChoiceField(
        label="How often", required=False, choices=[("", "Any"), *Circle.Cadence.choices]
    )

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", "Any topic")] + [
            (tag.slug, tag.name) for tag in options["topics"]
        ]
        self.fields["sector"].choices = [("", "Any sector")] + [
            (sector.slug, sector.name) for sector in options["sectors"]
        ]
        self.fields["time_zone"].choices = [("", "Any time zone")] + [
            (zone, zone.replace("_", " ")) for zone in options["time_zones"]
        ]

    def valid_values(self) -> dict:
        """Whatever parts of the query are valid; the rest are dropped."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


class AgreeingForm(forms.Form):
    agree = forms.BooleanField(label=AGREE_LABEL, error_messages={"required": AGREE_MISSING})


class RequestForm(AgreeingForm):
    """Asking to join: the circle's own questions, a message, and the agreements."""

    message = forms.CharField(
        label="Anything else for the facilitators (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    field_order = ["message", "agree"]

    def __init__(self, *args, circle, **kwargs):
        super().__init__(*args, **kwargs)
        questions = {}
        for index, question in enumerate(circle.questions):
            questions[f"answer_{index}"] = forms.CharField(
                label=question,
                max_length=1500,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={"required": "Answer this question for the facilitators."},
            )
        # The questions come first, in the circle's order.
        self.fields = {**questions, **self.fields}

    def answers(self) -> list[str]:
        return [self.cleaned_data[name] for name in self.fields if name.startswith("answer_")]


class InvitationAnswerForm(forms.Form):
    accept = forms.TypedChoiceField(
        choices=[("yes", "Accept"), ("no", "Decline")],
        coerce=lambda value: value == "yes",
        widget=forms.HiddenInput,
    )
    agree = forms.BooleanField(label=AGREE_LABEL, required=False)

    def clean(self):
        data = super().clean()
        if data.get("accept") and not data.get("agree"):
            self.add_error("agree", AGREE_MISSING)
        return data


class DecisionForm(forms.Form):
    note = forms.CharField(
        label="A note to them (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MemberChoiceField(BoundedModelChoiceField):
    def label_from_instance(self, profile):
        return profile.name


class InviteForm(forms.Form):
    member = MemberChoiceField(
        queryset=Profile.objects.none(),
        empty_label="Choose a member\u2026",
        label="A member",
        help_text="Members you can find in the directory.",
        error_messages={
            "required": "Choose who to invite.",
            "invalid_choice": "Choose a member from the list.",
        },
    )
    message = forms.CharField(
        label="Your personal message",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why them, why this circle.",
    )

    def __init__(self, *args, facilitator, circle, **kwargs):
        super().__init__(*args, **kwargs)
        involved = CircleMembership.objects.filter(
            circle=circle,
            status__in=[
                CircleMembership.Status.ACTIVE,
                CircleMembership.Status.INVITED,
                CircleMembership.Status.REQUESTED,
            ],
        ).values("member")
        self.fields["member"].queryset = (
            Profile.objects.in_directory_for(facilitator)
            .exclude(user__in=involved)
            .order_by("display_name", "pk")
        )


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Circle.Status.choices)
    confirm = forms.BooleanField(required=False, label="Yes, close the circle")

    def clean(self):
        data = super().clean()
        if data.get("status") == Circle.Status.CLOSED and not data.get("confirm"):
            raise forms.ValidationError(
                "Tick \u201cYes, close the circle\u201d to close it: a closed circle takes "
                "no new members and holds no more sessions."
            )
        return data
