from django import forms

from members.models import Profile


class EmailPreferencesForm(forms.ModelForm):
    """Which optional emails a member gets, and whether members may message them."""

    class Meta:
        model = Profile
        fields = ["reminders", "digest", "open_to_contact"]
        labels = {
            "reminders": "Reminders before gatherings and circle sessions",
            "digest": "A digest of new stories and upcoming gatherings",
            "open_to_contact": "Let other members send me messages through the site",
        }
        help_texts = {
            "reminders": "A day before each gathering or session you have said you will join.",
            "open_to_contact": "Your email address stays hidden until you choose to reply.",
        }
        widgets = {"digest": forms.RadioSelect}
        error_messages = {
            "digest": {"invalid_choice": "Choose weekly, monthly or never for the digest."}
        }
