from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from convening_site.content_cache import remember_for_reader
from members.decorators import verified_member_required
from members.panels import dashboard_panels


@verified_member_required
def dashboard(request):
    # Every way into a new member's space (sign-in, email confirmation) passes here once.
    if request.user.profile.onboarding == request.user.profile.Onboarding.PENDING:
        return redirect("members:welcome")
    panels = remember_for_reader(
        request,
        "my-space",
        lambda: render_to_string(
            "members/includes/dashboard_panels.html",
            {"panels": dashboard_panels(request)},
            request=request,
        ),
    )
    return render(
        request, "members/dashboard.html", {"profile": request.user.profile, "panels": panels}
    )
