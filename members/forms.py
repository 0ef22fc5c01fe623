from django import forms


class SignupDetailsForm(forms.Form):
    """What allauth's sign-up form asks for beyond email and password."""

    display_name = forms.CharField(
        label="Your name",
        max_length=80,
        help_text="As you would like other members to see it.",
    )

    def signup(self, request, user):
        profile = user.profile
        profile.display_name = self.cleaned_data["display_name"].strip()
        profile.slug = ""
        profile.save()
