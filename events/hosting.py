"""Who hosts a gathering: a change to its hosts is written in the page's history and told to the
hosts it had, because hosts see attendees' access needs, questions and addresses."""

from django.conf import settings
from django.urls import reverse
from wagtail.log_actions import log

from members.models import User
from members.notifications import UPDATE, notify

HOSTS_CHANGED = "events.hosts_changed"


def hosts_changed(event, *, by, before: set, after: set):
    """Record that `by` changed the hosts of `event` from the members `before` to `after`
    (sets of user ids), and tell each host it had, except `by`. Nothing when nothing changed.

    Side effects: a Wagtail log entry (`events.hosts_changed`) in the page's history; one
    email per earlier host, after commit (`members.notifications.notify`)."""
    if before == after:
        return None
    people = User.objects.select_related("profile").in_bulk(before | after)
    # Names as the community knows them, never addresses.
    added = sorted(people[pk].profile.name for pk in after - before if pk in people)
    removed = sorted(people[pk].profile.name for pk in before - after if pk in people)
    entry = log(
        instance=event,
        action=HOSTS_CHANGED,
        user=by,
        data={"added": added, "removed": removed},
    )
    context = {
        "event": event,
        "by": by.profile.name,
        "added": added,
        "removed": removed,
        "edit_url": settings.SITE_URL + reverse("wagtailadmin_pages:edit", args=[event.pk]),
    }
    for pk in sorted(before - {by.pk}):
        if pk in people:
            notify(
                people[pk],
                kind=UPDATE,
                template="gathering_hosts_changed",
                context=context,
                key=f"gathering-hosts:{event.pk}:{entry.pk if entry else 'x'}",
            )
    return entry
