from django.shortcuts import redirect, render

from members import panels
from members.decorators import verified_member_required


@verified_member_required
def dashboard(request):
    # Every way into a new member's space (sign-in, email confirmation) passes here once.
    if request.user.profile.onboarding == request.user.profile.Onboarding.PENDING:
        return redirect("members:welcome")
    return render(
        request,
        "members/dashboard.html",
        {"profile": request.user.profile, "dashboard": panels.dashboard(request)},
    )
