import sys

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

# Areas that are personal or administrative have nothing for search engines.
PRIVATE_PREFIXES = ["/admin/", "/accounts/", "/me/"]
# What an unreachable or restarting database raises (a lock timeout is answered where it happens).
DATABASE_AWAY = (OperationalError, InterfaceError)


@require_GET
@cache_control(max_age=86_400, public=True)
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {prefix}" for prefix in PRIVATE_PREFIXES)]
    lines.append(f"Sitemap: {settings.SITE_URL}/sitemap.xml")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def admin_login(request):
    """Everyone signs in through allauth's rate-limited form; the admin's own would be a second,
    unthrottled way in. Someone already signed in who lands here has no admin access: sending
    them to the login form would bounce them straight back, so they are told instead."""
    if request.user.is_authenticated:
        raise PermissionDenied
    query = request.META.get("QUERY_STRING")
    return redirect(reverse("account_login") + (f"?{query}" if query else ""))


def server_error(request):
    # Rendered without context processors or database access: the error may be the database.
    context = {"site_name": settings.WAGTAIL_SITE_NAME}
    if isinstance(sys.exc_info()[1], DATABASE_AWAY):
        # The database is restarting or out of connections: nothing was saved, and trying
        # again soon works, so say that (503) rather than that something broke.
        html = render_to_string("503.html", context)
        return HttpResponse(html, status=503, headers={"Retry-After": "30"})
    return HttpResponseServerError(render_to_string("500.html", context))
