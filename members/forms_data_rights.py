from allauth.account.adapter import get_adapter
from django import forms

KEEP_PUBLISHED_LABEL = "Keep the stories I published, shown as by 'a former member'"


class DeleteAccountForm(forms.Form):
    """Confirms that the person at the keyboard means to delete this account.

    Accounts with a password type it, as proof it is really them. Accounts that sign in with an
    emailed code have no password to type, so they type their email address: not proof, but a
    deliberate act that no stray click can make."""

    keep_published = forms.BooleanField(
        label=KEEP_PUBLISHED_LABEL,
        required=False,
        help_text="Otherwise your published stories are deleted with everything else.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.has_usable_password():
            self.fields["password"] = forms.CharField(
                label="Your current password",
                strip=False,
                widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
                error_messages={"required": "Type your current password to confirm."},
            )
        else:
            self.fields["email"] = forms.EmailField(
                label="Your email address",
                help_text="The address you sign in with.",
                widget=forms.EmailInput(attrs={"autocomplete": "off"}),
                error_messages={"required": "Type your email address to confirm."},
            )
        # The confirmation first, the choice about stories after it.
        self.order_fields(["password", "email", "keep_published"])

    def clean_password(self):
        password = self.cleaned_data["password"]
        # Through allauth, so failed attempts count towards its sign-in rate limits.
        if not get_adapter().reauthenticate(self.user, password):
            raise forms.ValidationError(
                "That is not your current password. Nothing has been deleted."
            )
        return password

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        own = {self.user.email.casefold()}
        own |= {
            address.casefold()
            for address in self.user.emailaddress_set.values_list("email", flat=True)
        }
        if email.casefold() not in own:
            raise forms.ValidationError(
                "That is not the email address of this account. Nothing has been deleted."
            )
        return email
