"""allauth's sign-up form, told that unconfirmed claims do not take an address
(`members.signup`). A module of its own: allauth's forms import `members.forms` (our extra
sign-up fields), so this subclass cannot live there."""

from allauth.account.forms import SignupForm as AllauthSignupForm

from .signup import release_unconfirmed_claims


class SignupForm(AllauthSignupForm):
    def try_save(self, request):
        # Only a valid form gets here, so bad input still changes nothing.
        if self.account_already_exists and release_unconfirmed_claims(self.cleaned_data["email"]):
            self.account_already_exists = False
        return super().try_save(request)
