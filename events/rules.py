"""Who may do what with a gathering. Listings use `EventPage.objects.visible_to(user)`; these
are the object-level checks built on the same rule."""

import datetime

from django.db.models import Q
from django.utils import timezone
from wagtail.models import PagePermissionTester

from members.models import is_verified_member
from members.two_factor import second_factor_passed

from .models import EventHost, EventIndexPage, EventPage, Rsvp
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
    """The gathering's hosts, named on the page, in a session that passed the second factor
    (`members.two_factor`): a password alone never shows attendees' details. Site staff are not
    hosts by office: they edit the page in the admin but do not see attendees' access needs or
    questions."""
    return is_named_host(user, event) and second_factor_passed(user)


def is_named_host(user, event) -> bool:
    """Named among the gathering's hosts, whatever the session: to lead a host whose session
    has not passed the second factor to that step, never to show them more."""
    if not user.is_authenticated or not user.is_active:
        return False
    cached = getattr(event, "_hosts_ids", None)
    if cached is None:
        cached = set(event.hosts.values_list("member_id", flat=True))
        event._hosts_ids = cached
    return user.pk in cached


def edits_every_gathering(user) -> bool:
    """Editors and superusers: Wagtail's "change" permission over the gatherings. Hosts hold only
    "add" and "publish" there, so that they can start gatherings, not take over others'."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_edits_every_gathering", None)
    if cached is None:
        index = EventIndexPage.objects.first()
        cached = bool(index) and "change" in PagePermissionTester(user, index).permissions
        user._edits_every_gathering = cached
    return cached


def may_manage(user, event) -> bool:
    """Change, publish, unpublish, copy, move, delete or extend a gathering: its own hosts, and
    whoever edits every gathering. The admin (`GatheringPermissionTester`) and the site ask this."""
    return is_host(user, event) or edits_every_gathering(user)


def may_change_hosts(user, event) -> bool:
    """Who hosts a gathering is the hosts' choice: they see attendees' needs and emails. A
    superuser may step in (logged, and the hosts are told); an editor who does not host may not,
    or they could make themselves a host to read what staff may not."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or is_host(user, event)


def may_change_series(user, series) -> bool:
    """Rename or delete a series: whoever started it, the hosts of its gatherings, and whoever
    edits every gathering."""
    if not user.is_authenticated or not user.is_active:
        return False
    if edits_every_gathering(user) or (series.created_by_id and series.created_by_id == user.pk):
        return True
    return EventHost.objects.filter(member=user, event__series=series).exists()


class GatheringPermissionTester(PagePermissionTester):
    """Wagtail's answers for a gathering, narrowed for hosts. Someone who may add gatherings but
    not change every one (the Hosts group) may edit, publish, unpublish, copy, move, lock, see
    the revisions of and delete only the gatherings they host; editors and superusers keep
    Wagtail's own answers."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self.acts_as_host = (
            user.is_active
            and not user.is_superuser
            and "change" not in self.permissions
            and bool(self.permissions & {"add", "publish"})
        )

    def hosts_it(self) -> bool:
        return is_host(self.user, self.page)

    def can_edit(self):
        # A host edits what they host, whoever created it (a co-host included), and nothing else.
        if self.acts_as_host:
            return self.hosts_it() and not self.page_is_root
        return super().can_edit()

    def can_delete(self, ignore_bulk=False):
        if self.acts_as_host:
            return self.hosts_it() and self.page.is_leaf()
        return super().can_delete(ignore_bulk=ignore_bulk)

    def can_publish(self):
        return super().can_publish() and (not self.acts_as_host or self.hosts_it())

    def can_unpublish(self):
        return super().can_unpublish() and (not self.acts_as_host or self.hosts_it())

    def can_lock(self):
        return super().can_lock() and (not self.acts_as_host or self.hosts_it())

    def can_unlock(self):
        return super().can_unlock() and (not self.acts_as_host or self.hosts_it())

    def can_submit_for_moderation(self):
        return super().can_submit_for_moderation() and (not self.acts_as_host or self.hosts_it())

    def can_view_revisions(self):
        return super().can_view_revisions() and (not self.acts_as_host or self.hosts_it())


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
