"""The forms members use to share a story and suggest a practice. They take plain text: the
services in `practices.submissions` turn it into sanitised HTML."""

from django import forms

from convening.shared.ids import BoundedModelMultipleChoiceField
from members.models import Sector

from .models import Competency, Perspective, PracticePage
from .value import ValueCycle


class CompetencyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code}: {obj.title}"


def _text(label, *, required=True, max_length=5000, help_text="", rows=5):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


PLAIN_TEXT_HELP = "Plain text. Leave a blank line between paragraphs; web addresses become links."


class StorySubmissionForm(forms.Form):
    """A practice story, in the same sections as the stories editors write."""

    title = forms.CharField(max_length=120, help_text="A short name for what happened.")
    summary = forms.CharField(
        max_length=250,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One or two sentences: what you tried, and what came of it.",
    )
    situation = _text(
        "The situation",
        help_text="Where you were, who was involved, what needed to change. " + PLAIN_TEXT_HELP,
    )
    what_we_did = _text("What we did", help_text=PLAIN_TEXT_HELP)
    practices = BoundedModelMultipleChoiceField(
        label="Practices you used",
        queryset=PracticePage.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose at least one from the library.",
        error_messages={"required": "Choose at least one practice you used."},
    )
    adaptation = _text(
        "How you adapted them",
        required=False,
        max_length=600,
        rows=3,
        help_text="Optional: what you changed to fit your situation.",
    )
    what_happened = _text("What happened", help_text=PLAIN_TEXT_HELP)
    what_we_learned = _text("What we learned", help_text=PLAIN_TEXT_HELP)
    do_differently = _text("What we would do differently", required=False, help_text="Optional.")
    place = forms.CharField(
        max_length=120, required=False, help_text="Optional: a town, region or country."
    )
    sectors = BoundedModelMultipleChoiceField(
        queryset=Sector.objects.all(), widget=forms.CheckboxSelectMultiple, required=False
    )
    perspectives = BoundedModelMultipleChoiceField(
        label="Whose perspectives it brought in",
        queryset=Perspective.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    competencies = CompetencyChoiceField(
        label="Competencies it drew on",
        queryset=Competency.objects.all(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Optional: from the Systems Thinking Practitioner standard.",
    )
    value_cycle = forms.ChoiceField(
        label="The value it created",
        choices=[("", "Choose one (optional)"), *ValueCycle.choices],
        required=False,
    )
    value_evidence = _text(
        "How you know",
        required=False,
        max_length=800,
        rows=3,
        help_text="The evidence of that value: what people said, did or changed.",
    )
    image = forms.FileField(
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text="Optional: a JPEG, PNG or WebP image of at most 5 MB, with no one identifiable "
        "in it unless they agreed.",
    )
    image_description = forms.CharField(
        label="Describe the image",
        max_length=255,
        required=False,
        help_text="For people who cannot see it: what it shows.",
    )
    consent = forms.BooleanField(
        label="I have permission to share this story and it contains no one's personal information",
        error_messages={"required": "Please confirm you may share this story."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practices"].queryset = (
            PracticePage.objects.live().public().order_by("title").only("id", "title")
        )

    def clean(self):
        data = super().clean()
        if data.get("value_cycle") and not data.get("value_evidence", "").strip():
            self.add_error("value_evidence", "Say how you know it created that value.")
        if data.get("value_evidence", "").strip() and not data.get("value_cycle"):
            self.add_error("value_cycle", "Choose the kind of value your evidence shows.")
        if data.get("image") and not data.get("image_description", "").strip():
            self.add_error("image_description", "Describe the image for people who cannot see it.")
        return data


class PracticeSuggestionForm(forms.Form):
    """A practice the library does not have yet, in the spine every practice shares."""

    title = forms.CharField(max_length=120, label="Name of the practice")
    summary = forms.CharField(max_length=200, help_text="One line: what it is.")
    makes_possible = _text("What it makes possible", help_text=PLAIN_TEXT_HELP)
    when_to_use = _text("When to use it", required=False, help_text="Optional.")
    steps = _text(
        "Steps",
        required=False,
        rows=8,
        help_text='Optional: one step a line, e.g. "1. Check-in: each person says how they '
        'arrive". Start a line with a name and a colon to name the step.',
    )
    originators = forms.CharField(
        max_length=200, required=False, help_text="Optional: who created or named it."
    )
    key_sources = _text(
        "Key sources",
        required=False,
        rows=3,
        help_text="Optional: books, papers or web pages about it, one a line.",
    )
