from django import forms

from convening.shared.ids import BoundedModelMultipleChoiceField

from .models import AccessNeeds, AccessProvision, Feedback


def _going_field():
    return forms.TypedChoiceField(
        choices=[("yes", "Going"), ("no", "Not going")],
        coerce=lambda value: value == "yes",
        widget=forms.HiddenInput,
        error_messages={
            "required": "Say whether you are going, with one of the buttons.",
            "invalid_choice": "Say whether you are going, with one of the buttons.",
        },
    )


class OneClickReplyForm(forms.Form):
    """Going or not, from a list of gatherings (the home page): the answer alone."""

    going = _going_field()


class ReplyForm(forms.Form):
    """Going or not going, with what the hosts should know. Access needs start from the
    member's saved needs and can be changed for this gathering only."""

    going = _going_field()
    on_attendee_list = forms.BooleanField(
        label="Show my name on the list of who is coming", required=False
    )
    access_needs = BoundedModelMultipleChoiceField(
        queryset=AccessProvision.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Access and hospitality needs",
        help_text="Seen only by the hosts, until a week after the gathering.",
    )
    access_notes = forms.CharField(
        label="Anything else the hosts should know",
        required=False,
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    question = forms.CharField(
        label="A question for the hosts",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Seen only by the hosts.",
    )
    remember_needs = forms.BooleanField(
        label="Remember these needs for next time (kept private on your profile)",
        required=False,
    )


class AccessNeedsForm(forms.ModelForm):
    class Meta:
        model = AccessNeeds
        fields = ["needs", "notes"]
        widgets = {
            "needs": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"needs": BoundedModelMultipleChoiceField}
        labels = {"needs": "What helps you take part"}


class FeedbackForm(forms.ModelForm):
    usefulness = forms.TypedChoiceField(
        label="How useful was it for you?",
        choices=[
            (5, "5: very useful"),
            (4, "4"),
            (3, "3"),
            (2, "2"),
            (1, "1: not useful"),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Feedback
        fields = ["usefulness", "what_worked", "what_next"]
        widgets = {
            "what_worked": forms.Textarea(attrs={"rows": 3}),
            "what_next": forms.Textarea(attrs={"rows": 3}),
        }
