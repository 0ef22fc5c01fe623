from django import forms

from convening.shared.ids import BoundedModelChoiceField
from members.models import Profile


class MemberChoiceField(BoundedModelChoiceField):
    def label_from_instance(self, profile):
        return profile.name


class InviteForm(forms.Form):
    """A host's invitation: a member from the directory or an email address, and always a
    personal message. The form checks the shape of each field; `events.invitations.invite`
    enforces the rest (one person, not both nor neither; not invited already), and the view
    shows its refusal on the form."""

    member = MemberChoiceField(
        queryset=Profile.objects.none(),
        required=False,
        empty_label="Choose a member…",
        label="A member",
        help_text="Members you can find in the directory.",
    )
    email = forms.EmailField(
        label="Or an email address",
        required=False,
        help_text="Someone who is not a member yet: they can join when they accept.",
    )
    name = forms.CharField(label="Their name", max_length=120, required=False)
    organisation = forms.CharField(
        label="Their organisation",
        max_length=120,
        required=False,
        help_text="So you can see how far your invitations reach.",
    )
    message = forms.CharField(
        label="Your personal message",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Why them, why this gathering: the art of invitation is in these words.",
    )

    def __init__(self, *args, host, event, **kwargs):
        super().__init__(*args, **kwargs)
        invited = event.invitations.exclude(member=None).values("member")
        self.fields["member"].queryset = (
            Profile.objects.in_directory_for(host)
            .exclude(user__in=invited)
            .exclude(user__hosting__event=event)
            .order_by("display_name", "pk")
        )


class ProposeForm(forms.Form):
    """An invitee widens the room: someone from outside their own organisation."""

    name = forms.CharField(label="Their name", max_length=120)
    email = forms.EmailField(label="Their email address")
    organisation = forms.CharField(
        label="Their organisation",
        max_length=120,
        help_text="Someone from outside your own organisation: another sector, a community "
        "group, people with lived experience.",
    )
    reason = forms.CharField(
        label="Why they would add to this gathering",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The hosts read this, and it goes in the invitation if they send it.",
    )


class DecisionForm(forms.Form):
    message = forms.CharField(
        label="Your own note to them (optional)",
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
