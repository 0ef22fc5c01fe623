"""Calendar files: one gathering's `.ics`, the public feed, and each member's personal feed
behind a secret address."""

import secrets

from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from events.calendar import (
    CONTENT_TYPE,
    ENTRY_FIELDS,
    FEED_LOOKBACK,
    PUBLIC_CALENDAR_KEY,
    PUBLIC_CALENDAR_SECONDS,
    calendar_of,
    gathering_file,
    item_for,
    personal_items,
)
from events.models import CalendarFeed, EventPage, hash_token
from events.views.rsvp import visible_gathering
from events.visibility import GatheringVisibility
from members.decorators import verified_member_required

LAST_READ_PRECISION = timezone.timedelta(hours=1)


def _calendar_response(body, filename, *, private):
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=300"
    return response


@require_safe
def gathering_ics(request, pk):
    event = visible_gathering(request.user, pk)
    private = request.user.is_authenticated or event.visibility != GatheringVisibility.PUBLIC
    return _calendar_response(
        gathering_file(event, request.user), f"{event.slug}.ics", private=private
    )


@require_safe
def public_calendar(request):
    """Every public gathering from a month ago on: for anyone to subscribe to. The same for
    everyone, and slow to build for hundreds of gatherings, so it is kept in the cache until a
    gathering is published, unpublished or deleted (events.signals), or for five minutes."""
    body = cache.get(PUBLIC_CALENDAR_KEY)
    if body is None:
        body = _public_calendar()
        cache.set(PUBLIC_CALENDAR_KEY, body, PUBLIC_CALENDAR_SECONDS)
    return _calendar_response(body, "gatherings.ics", private=False)


def _public_calendar() -> bytes:
    from django.contrib.auth.models import AnonymousUser

    visitor = AnonymousUser()
    since = timezone.now() - FEED_LOOKBACK
    events = (
        EventPage.objects.live()
        .visible_to(visitor)
        .filter(ends_at__gte=since)
        .order_by("starts_at")
        .only(*ENTRY_FIELDS)
    )
    return calendar_of([item_for(event, visitor) for event in events], name="Convening gatherings")


@require_safe
def personal_feed(request, token):
    """A member's calendar feed. The address is the secret (calendar apps cannot sign in), so it
    is stored hashed, dies at once when reset, and is kept out of the request log."""
    feed = (
        CalendarFeed.objects.select_related("member")
        .filter(token_hash=hash_token(token), member__is_active=True)
        .first()
    )
    if feed is None:
        response = HttpResponse(
            "This calendar address is not valid any more. Get the new one from your space.",
            status=404,
            content_type="text/plain; charset=utf-8",
        )
        response._has_been_logged = True
        return response
    now = timezone.now()
    # Calendar apps poll every few minutes: "last read" to the hour is enough, and saves a
    # write on almost every poll.
    if feed.last_read_at is None or now - feed.last_read_at > LAST_READ_PRECISION:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=now)
    body = calendar_of(personal_items(feed.member), name="My gatherings (Convening)")
    response = _calendar_response(body, "my-gatherings.ics", private=True)
    response["Content-Disposition"] = 'inline; filename="my-gatherings.ics"'
    response._has_been_logged = True
    return response


def new_feed_token(member) -> str:
    """Make (or replace) the member's feed address. Returns the token, shown once: only its
    hash is kept. The old address stops working at once."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.filter(member=member).delete()
        CalendarFeed.objects.create(member=member, token_hash=hash_token(token))
    return token


@verified_member_required
def manage_feed(request):
    """Make, replace or stop the member's feed address. The new address is shown once, in the
    response to the POST that made it; the page is never cached."""
    feed = CalendarFeed.objects.filter(member=request.user).first()
    address = ""
    if request.method == "POST" and request.POST.get("action") == "stop":
        CalendarFeed.objects.filter(member=request.user).delete()
        messages.success(request, "Your calendar feed is off: its address no longer works.")
        return redirect("events:manage_feed")
    if request.method == "POST":
        token = new_feed_token(request.user)
        address = request.build_absolute_uri(
            reverse("events:personal_feed", kwargs={"token": token})
        )
        if feed:
            messages.success(
                request, "Your calendar address is new: the old one has stopped working."
            )
        feed = CalendarFeed.objects.get(member=request.user)
    response = render(request, "events/calendar_feed.html", {"feed": feed, "address": address})
    response["Cache-Control"] = "private, no-store"
    return response
