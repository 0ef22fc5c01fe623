"""The weekly or monthly digest: each app contributes a section through the Wagtail hook
`convening_digest_sections`, so `members` (the lowest app) can send one email with news from
every app without importing them.

An app registers `func(user, since)` for that hook in its `wagtail_hooks.py` (README,
"Extension points: hooks"); it returns a `DigestSection` or None, and must choose what it lists
through the model's `visible_to(user)` rule, since the digest goes to one member's inbox.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail import hooks

from members.models import Notification, Profile
from members.notifications import DIGEST, notify

MAX_NEW_MEMBERS = 5
# How far back the first digest looks.
FIRST_DIGEST_LOOKBACK = timedelta(days=30)
_INTERVALS = {Profile.Digest.WEEKLY: timedelta(days=7), Profile.Digest.MONTHLY: timedelta(days=30)}


@dataclass
class DigestItem:
    title: str
    url: str
    summary: str = ""

    def __post_init__(self):
        # Email needs absolute links; sections may give a site path such as a page's url.
        if self.url.startswith("/"):
            self.url = settings.SITE_URL + self.url


@dataclass
class DigestSection:
    title: str
    items: list[DigestItem] = field(default_factory=list)


def collect_digest(user, since: datetime) -> list[DigestSection]:
    """The sections of `user`'s digest with something in them, in the order of the hooks
    (lowest app first, as in `INSTALLED_APPS`)."""
    providers = dict.fromkeys(hooks.get_hooks("convening_digest_sections"))
    sections = (provider(user, since) for provider in providers)
    return [section for section in sections if section and section.items]


def members_due_a_digest(now: datetime):
    """Profiles of active members, with a verified primary address, whose digest is due."""
    due = Q()
    for frequency, interval in _INTERVALS.items():
        due |= Q(digest=frequency) & (
            Q(last_digest_at__isnull=True) | Q(last_digest_at__lte=now - interval)
        )
    return (
        Profile.objects.filter(due)
        .filter(
            user__is_active=True,
            user__emailaddress__primary=True,
            user__emailaddress__verified=True,
        )
        .select_related("user")
        .distinct()
        .order_by("pk")
    )


def send_digest(profile, *, now: datetime) -> Notification | None:
    """Send one member their digest of what is new since their last one, if there is anything.

    Side effects: sets `profile.last_digest_at` to `now` (also when there was nothing to send,
    so the next digest waits its full interval) and, when there are sections, records and
    enqueues the digest email keyed by today's date, so a second run the same day sends nothing.
    """
    since = profile.last_digest_at or now - FIRST_DIGEST_LOOKBACK
    user = profile.user
    with transaction.atomic():
        sections = collect_digest(user, since)
        notification = None
        if sections:
            notification = notify(
                user,
                kind=DIGEST,
                template="digest",
                context={"sections": sections, "since": since},
                key=f"digest:{timezone.localdate(now).isoformat()}",
            )
        profile.last_digest_at = now
        profile.save(update_fields=["last_digest_at"])
    return notification


def new_members_who_share_your_interests(user, since) -> DigestSection | None:
    """Members who joined since the last digest and share a sector or an interest with `user`,
    chosen only among profiles `user` may find in the directory."""
    profile = Profile.objects.get(user=user)
    sector_ids = list(profile.sectors.values_list("pk", flat=True))
    interests = list(profile.interests.names())
    if not sector_ids and not interests:
        return None
    newcomers = (
        Profile.objects.in_directory_for(user)
        .filter(created_at__gt=since)
        .filter(Q(sectors__in=sector_ids) | Q(interests__name__in=interests))
        .distinct()
        .order_by("-created_at", "pk")[:MAX_NEW_MEMBERS]
    )
    items = [
        DigestItem(title=newcomer.name, url=newcomer.get_absolute_url(), summary=newcomer.headline)
        for newcomer in newcomers
    ]
    return DigestSection(title="New members who share your interests", items=items)
