from django.shortcuts import redirect, render

from members.decorators import verified_member_required
from members.panels import dashboard_panels


@verified_member_required
def dashboard(request):
    # Every way into a new member's space (sign-in, email confirmation) passes here once.
    if request.user.profile.onboarding == request.user.profile.Onboarding.PENDING:
        return redirect("members:welcome")
    return render(
        request,
        "members/dashboard.html",
        {"profile": request.user.profile, "panels": dashboard_panels(request)},
    )
