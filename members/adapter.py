from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        """New members go to onboarding once, right after their first verified sign-in."""
        profile = getattr(request.user, "profile", None)
        if profile is not None and profile.onboarding == profile.Onboarding.PENDING:
            return reverse("members:welcome")
        return super().get_login_redirect_url(request)
