import secrets
import sys

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_safe
from taggit.models import Tag
from wagtail.admin.auth import require_admin_access

from events.models import TaggedGathering
from events.visibility import GatheringVisibility
from practices.library import listed_pages_q
from practices.models import TaggedPractice, TaggedStory

# Areas that are personal or administrative have nothing for search engines.
PRIVATE_PREFIXES = ["/admin/", "/accounts/", "/me/"]
# As many tags as Wagtail's own autocomplete offers.
TAGS_OFFERED = 10
# What an unreachable or restarting database raises (a lock timeout is answered where it happens).
DATABASE_AWAY = (OperationalError, InterfaceError)


@require_GET
@cache_control(max_age=86_400, public=True)
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {prefix}" for prefix in PRIVATE_PREFIXES)]
    lines.append(f"Sitemap: {settings.SITE_URL}/sitemap.xml")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
@never_cache
def healthz(request):
    """For load balancers: 200 when this process can use the database and the cache, 503 naming
    the part that failed. It reads no session and no page, so it costs two round trips; it is
    exempt from the https redirect (SECURE_REDIRECT_EXEMPT) for a balancer that probes over
    http, and never cached by us or anyone between."""
    checks = {"database": _database_answers(), "cache": _cache_answers()}
    body = {part: "ok" if answered else "failed" for part, answered in checks.items()}
    healthy = all(checks.values())
    body["status"] = "ok" if healthy else "failing"
    return JsonResponse(body, status=200 if healthy else 503)


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except (DatabaseError, InterfaceError):
        return False


def _cache_answers() -> bool:
    # The Redis cache swallows its errors (IGNORE_EXCEPTIONS: the site carries on without it),
    # so asking it cannot fail; a value written and read back shows that it is really there.
    # The key is new each time, so two machines probing at once never read each other's value.
    key, value = f"healthz:{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, value, timeout=10)
    answered = cache.get(key) == value
    cache.delete(key)
    return answered


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


@require_admin_access
@require_GET
def tag_autocomplete(request, app_name=None, model_name=None):
    """Wagtail's tag autocomplete, offering only the tags the public site already shows: those
    on live practices, stories and public gatherings outside private sections. Wagtail's own
    returns every tag to anyone with admin access, and tags name a sealed circle's topics and
    the interests on hidden profiles. No other tag model is offered (Wagtail's would serve any,
    by app and model name)."""
    if app_name or model_name:
        raise Http404
    term = request.GET.get("term", "")[:100]
    if not term:
        return JsonResponse([], safe=False)
    shown = Q(content_object__live=True) & ~listed_pages_q("content_object")
    public_gatherings = shown & Q(content_object__visibility=GatheringVisibility.PUBLIC)
    on_public_pages = (
        Q(pk__in=TaggedPractice.objects.filter(shown).values("tag"))
        | Q(pk__in=TaggedStory.objects.filter(shown).values("tag"))
        | Q(pk__in=TaggedGathering.objects.filter(public_gatherings).values("tag"))
    )
    names = (
        Tag.objects.filter(on_public_pages, name__istartswith=term)
        .order_by("name")
        .values_list("name", flat=True)[:TAGS_OFFERED]
    )
    return JsonResponse(list(names), safe=False)
