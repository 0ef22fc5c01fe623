import functools
import zoneinfo

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from . import two_factor
from .models import Profile

ADMIN_PREFIX = "/admin/"


@functools.cache
def enrol_path() -> str:
    """allauth's page for setting up an authenticator, worked out once: every signed-in request
    compares its path with it."""
    return reverse("mfa_activate_totp")


class StaffTwoFactorMiddleware:
    """Staff and host powers wait for a session that passed the second factor
    (`members.two_factor`): the admin sends such a session to the step, the site's rules treat
    its account as a member's, and a view that raises `SecondFactorRequired` leads to the step.
    Enrolling an authenticator needs the emailed link first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        enrolling = False
        if user.is_authenticated:
            user.second_factor_passed = two_factor.session_passed(request)
            if (
                two_factor.is_required()
                and request.path_info == enrol_path()
                and not is_mfa_enabled(user)
            ):
                if not two_factor.may_enrol(request):
                    return redirect(reverse("members:two_factor"))
                enrolling = True
            if (
                request.path_info.startswith(ADMIN_PREFIX)
                and not user.second_factor_passed
                and two_factor.is_staff_account(user)
            ):
                return self.lead_to_second_factor(request)
        response = self.get_response(request)
        if enrolling and is_mfa_enabled(user):
            # The new app's code was just accepted, in the session that opened the emailed link.
            two_factor.note_enrolled(request)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, two_factor.SecondFactorRequired) and request.method == "GET":
            return self.lead_to_second_factor(request)
        return None

    def lead_to_second_factor(self, request):
        if is_mfa_enabled(request.user):
            messages.info(
                request, "Enter the code from your authenticator app to carry on as staff or host."
            )
        else:
            messages.warning(
                request,
                "Staff and hosts need two-factor authentication before using these powers. "
                "Set it up with an authenticator app, then carry on.",
            )
        return redirect(two_factor.second_factor_url(request.user, request.get_full_path()))


class ViewerTimeZoneMiddleware:
    """Every time on the site is shown in the viewer's own zone: the member's profile zone, or
    the site's default zone for visitors."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Overridden for this request only, so what runs before the next one (the page cache
        # working out its key) sees the site's own zone.
        with timezone.override(viewer_time_zone(request.user)):
            return self.get_response(request)


def viewer_time_zone(user):
    if not user.is_authenticated:
        return None
    # Reading `user.profile` caches it on the user, so views that show the profile pay nothing.
    try:
        name = user.profile.time_zone
    except Profile.DoesNotExist:
        return None
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
