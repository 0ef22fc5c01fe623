"""Who may do what with a gathering. Listings use `EventPage.objects.visible_to(user)`; these
are the object-level checks built on the same rule."""

import datetime

from django.db.models import Q
from django.utils import timezone

from members.models import is_verified_member

from .models import EventHost, EventPage, Rsvp
from .visibility import GatheringVisibility

# Hosts see attendees' access needs until a week after the gathering ends, then no longer.
ACCESS_NEEDS_KEPT_FOR = datetime.timedelta(days=7)


def can_see(user, event) -> bool:
    """`EventPage.objects.visible_to` for one gathering: public and members-only ones are
    answered from the row itself (no query); only invitation-only ones ask the database."""
    if event.visibility == GatheringVisibility.PUBLIC:
        return True
    if event.visibility == GatheringVisibility.MEMBERS:
        return is_verified_member(user)
    return EventPage.objects.visible_to(user).filter(pk=event.pk).exists()


def gatherings_seen_in_admin(user):
    """The gatherings a person sees in the Wagtail admin (explorer, listing, chooser, API,
    history, previews): those the site shows them (`EventPage.objects.visible_to`), and those
    they host or created, drafts included. Superusers see every one; other staff have no
    exception: an invitation-only gathering is for its hosts and the people invited."""
    if user.is_active and user.is_superuser:
        return EventPage.objects.all()
    if not user.is_authenticated:
        return EventPage.objects.none()
    return EventPage.objects.filter(
        Q(pk__in=EventPage.objects.visible_to(user).values("pk"))
        | Q(pk__in=EventHost.objects.filter(member=user).values("event_id"))
        | Q(owner=user)
    )


def is_host(user, event) -> bool:
    """The gathering's hosts, named on the page. Site staff are not hosts by office: they edit
    the page in the admin but do not see attendees' access needs or questions."""
    if not user.is_authenticated or not user.is_active:
        return False
    cached = getattr(event, "_hosts_ids", None)
    if cached is None:
        cached = set(event.hosts.values_list("member_id", flat=True))
        event._hosts_ids = cached
    return user.pk in cached


def rsvp_of(user, event) -> Rsvp | None:
    if not user.is_authenticated:
        return None
    cache = getattr(event, "_rsvp_of", {})
    if user.pk not in cache:
        cache[user.pk] = Rsvp.objects.filter(event=event, member=user).first()
        event._rsvp_of = cache
    return cache[user.pk]


def is_going(user, event) -> bool:
    rsvp = rsvp_of(user, event)
    return bool(rsvp and rsvp.status == Rsvp.Status.GOING and is_verified_member(user))


def can_see_venue(user, event) -> bool:
    """The exact venue: for people going and for hosts."""
    return is_host(user, event) or is_going(user, event)


def can_join_online(user, event) -> bool:
    """The join link: for people going and for hosts, while the gathering is not cancelled."""
    if event.is_cancelled or not event.join_url:
        return False
    return can_see_venue(user, event)


def can_see_access_needs(user, event, now=None) -> bool:
    """Attendees' access needs and questions: the gathering's own hosts, until a week after it."""
    now = now or timezone.now()
    return is_host(user, event) and now <= event.ends_at + ACCESS_NEEDS_KEPT_FOR


def can_see_recording(user, event) -> bool:
    if not event.recording_url:
        return False
    return not event.recording_members_only or is_verified_member(user)
