import zoneinfo

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from .models import Profile

ADMIN_PREFIX = "/admin/"


def is_staff_account(user):
    return user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin")


class StaffTwoFactorMiddleware:
    """Staff set up two-factor authentication before the Wagtail admin lets them in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.STAFF_MUST_USE_TWO_FACTOR
            and request.path_info.startswith(ADMIN_PREFIX)
            and user.is_authenticated
            and is_staff_account(user)
            and not is_mfa_enabled(user)
        ):
            messages.warning(
                request,
                "Staff accounts need two-factor authentication before using the admin. "
                "Set it up with an authenticator app, then carry on.",
            )
            target = reverse("mfa_activate_totp") + "?" + urlencode({"next": request.path})
            return redirect(target)
        return self.get_response(request)


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
