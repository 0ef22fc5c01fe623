"""The form for saying "I have used this"."""

from django import forms


class PracticeUseForm(forms.Form):
    where = forms.CharField(
        label="Where did you use it?",
        max_length=120,
        required=False,
        help_text="Optional. For example: a team away day, a place-based partnership meeting.",
    )
    group_size = forms.IntegerField(
        label="With how many people?",
        min_value=1,
        max_value=10000,
        required=False,
        help_text="Optional. Roughly is fine.",
    )
    note = forms.CharField(
        label="What worked?",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Optional. What worked, what you would change, what to watch for.",
    )

    @classmethod
    def for_use(cls, data=None, *, use=None):
        """The form, filled in with the member's earlier record when there is one."""
        initial = {}
        if use is not None:
            initial = {"where": use.where, "group_size": use.group_size, "note": use.note}
        return cls(data, initial=initial)
