from allauth.account.decorators import verified_email_required
from django.shortcuts import redirect, render

from members.panels import dashboard_panels


@verified_email_required
def dashboard(request):
    # Every way into a new member's space (sign-in, email confirmation) passes here once.
    if request.user.profile.onboarding == request.user.profile.Onboarding.PENDING:
        return redirect("members:welcome")
    return render(
        request,
        "members/dashboard.html",
        {"profile": request.user.profile, "panels": dashboard_panels(request)},
    )
