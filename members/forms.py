from django import forms
from django.core.validators import URLValidator
from taggit.forms import TagField

from convening.shared.ids import BoundedModelMultipleChoiceField

from .avatars import prepare_avatar
from .models import Profile, Report, Sector
from .models.profile import OPEN_TO_FIELDS
from .time_zones import TimeZoneField

WEB_ADDRESS = URLValidator(schemes=["http", "https"])


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


class ProfileForm(forms.ModelForm):
    """Everything a member says about themselves, and who may see each part."""

    sectors = BoundedModelMultipleChoiceField(
        queryset=Sector.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The parts of public life you work in.",
    )
    interests = TagField(
        required=False, help_text="Separate with commas, e.g. co-production, mental health."
    )
    boundaries = TagField(
        label="Boundaries I work across",
        required=False,
        help_text="What you bring together, separated by commas: e.g. health and housing, "
        "NHS and voluntary sector, Hackney.",
    )
    time_zone = TimeZoneField(help_text="Times on the site are shown in this zone.")
    website = forms.URLField(required=False, assume_scheme="https", validators=[WEB_ADDRESS])
    linkedin = forms.URLField(
        label="LinkedIn", required=False, assume_scheme="https", validators=[WEB_ADDRESS]
    )
    social = forms.URLField(
        label="Mastodon or Bluesky", required=False, assume_scheme="https", validators=[WEB_ADDRESS]
    )
    remove_avatar = forms.BooleanField(required=False, label="Remove my picture")

    class Meta:
        model = Profile
        fields = [
            "display_name",
            "pronouns",
            "headline",
            "organisation",
            "sectors",
            "region",
            "country",
            "time_zone",
            "bio",
            "interests",
            "boundaries",
            "new_to_convening",
            *OPEN_TO_FIELDS,
            "lived_experience",
            "website",
            "linkedin",
            "social",
            "avatar",
            "visibility",
            "contact_visibility",
            "organisation_visibility",
            "lived_experience_visibility",
        ]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 6}),
            "lived_experience": forms.Textarea(attrs={"rows": 4}),
            "avatar": forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
            "visibility": forms.RadioSelect,
            "contact_visibility": forms.RadioSelect,
            "organisation_visibility": forms.RadioSelect,
            "lived_experience_visibility": forms.RadioSelect,
        }
        labels = {"display_name": "Name", "bio": "About me"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True

    def clean_avatar(self):
        upload = self.cleaned_data.get("avatar")
        if upload and hasattr(upload, "content_type"):
            return prepare_avatar(upload)
        return upload

    def save(self, commit=True):
        profile = super().save(commit=False)
        if self.cleaned_data.get("remove_avatar"):
            profile.avatar.delete(save=False)
            profile.avatar = ""
        if commit:
            profile.save()
            self.save_m2m()
        return profile


class OnboardingForm(ProfileForm):
    """The first few things worth saying, right after joining."""

    class Meta(ProfileForm.Meta):
        fields = [
            "display_name",
            "headline",
            "organisation",
            "sectors",
            "region",
            "country",
            "time_zone",
            "interests",
            "boundaries",
            "new_to_convening",
            *OPEN_TO_FIELDS,
        ]


class ContactForm(forms.Form):
    message = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Up to 2,000 characters. Your email address is not shown to them; if they "
        "reply, you will both see each other's address.",
    )


class ReplyForm(forms.Form):
    message = forms.CharField(
        label="Your reply",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Your reply is sent by email with your address, so they can write back to you.",
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(choices=Report.Reason.choices, widget=forms.RadioSelect)
    details = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What happened? Only the site's staff will read this.",
    )
