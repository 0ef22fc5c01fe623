"""Setting up two-factor authentication starts from the mailbox (`members.two_factor`)."""

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from members import two_factor


def _next(request) -> str:
    target = request.GET.get("next") or request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return ""


@require_http_methods(["GET", "POST"])
@login_required
def start(request):
    """GET says why and what happens; POST emails the link that opens enrolment."""
    user = request.user
    if is_mfa_enabled(user):
        return redirect(
            two_factor.second_factor_url(user, _next(request) or reverse("members:dashboard"))
        )
    sent = False
    if request.method == "POST":
        two_factor.send_enrolment_link(user, request=request)
        sent = True
    return render(
        request,
        "members/two_factor.html",
        {
            "sent": sent,
            "next": _next(request),
            "is_staff_account": two_factor.is_staff_account(user),
        },
    )


@require_GET
@login_required
def confirm(request, token):
    try:
        two_factor.confirm_enrolment(request, token)
    except two_factor.InvalidEnrolmentLink as refusal:
        messages.error(request, f"{refusal} Ask for a new link below.")
        return redirect("members:two_factor")
    return redirect("mfa_activate_totp")
