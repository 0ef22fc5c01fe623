"""What a gathering's page shows to one viewer. Reads only, in a fixed number of queries
whatever the number of replies."""

from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.utils.functional import SimpleLazyObject

from members.faces import FACE_FIELDS
from members.models import Profile, is_verified_member
from practices.library import listed_pages_q
from practices.models import PracticePage

from . import rules
from .calendar import add_to_calendar_links
from .harvest import may_give_feedback
from .links import join_url_for, propose_url_of
from .models import Rsvp, SeriesRegular
from .times import when_for

ATTENDEES_SHOWN = 60
# What the page shows of a person: their face and name, linked to their profile.
NAMED_BY = FACE_FIELDS


def counts(event) -> dict:
    """People going and waiting (the page also works out the places left from it, rather than
    counting again): counted as the gathering was found (`EventIndexPage.route`), else in one
    query (a preview)."""
    if hasattr(event, "going_count") and hasattr(event, "waitlisted_count"):
        return {"going": event.going_count, "waitlisted": event.waitlisted_count}
    return Rsvp.objects.filter(event=event).aggregate(
        going=Count("pk", filter=Q(status=Rsvp.Status.GOING)),
        waitlisted=Count("pk", filter=Q(status=Rsvp.Status.WAITLISTED)),
    )


def waitlist_position(rsvp) -> int | None:
    if rsvp is None or rsvp.status != Rsvp.Status.WAITLISTED:
        return None
    ahead = Rsvp.objects.filter(event_id=rsvp.event_id, status=Rsvp.Status.WAITLISTED).filter(
        Q(queued_at__lt=rsvp.queued_at) | Q(queued_at=rsvp.queued_at, pk__lt=rsvp.pk)
    )
    return ahead.count() + 1


def attendee_list(event, viewer) -> list[Profile]:
    """People going who chose to appear on the list, as far as the viewer may see profiles."""
    return list(
        Profile.objects.visible_to(viewer)
        .filter(
            user__rsvps__event=event,
            user__rsvps__status=Rsvp.Status.GOING,
            user__rsvps__on_attendee_list=True,
        )
        .order_by("display_name", "pk")
        .only(*NAMED_BY)[:ATTENDEES_SHOWN]
    )


def host_profiles(event) -> list[Profile]:
    hosts = list(
        Profile.objects.filter(user__hosting__event=event, user__is_active=True)
        .order_by("user__hosting__sort_order", "pk")
        .only(*NAMED_BY)
    )
    # `rules.is_named_host` asks only about an active viewer, so the active hosts answer it
    # as all the hosts would: no second query for them.
    event._hosts_ids = {profile.user_id for profile in hosts}
    return hosts


def _join_url(viewer, event, own) -> str:
    if own and own.status == Rsvp.Status.GOING:
        return join_url_for(own)
    return event.join_url if rules.is_host(viewer, event) else ""


def index_url_of(event) -> str:
    """The address of the listing the gathering sits in. A gathering's parent is always the
    gatherings index (`parent_page_types`), whose address is the gathering's minus its slug:
    worked out from the address the page already has, rather than a query for the parent."""
    url = event.url if event.pk else None
    if not url:  # a preview of a gathering not yet saved
        parent = event.get_parent()
        return parent.url if parent else ""
    return url[: url.rstrip("/").rfind("/") + 1]


def _places_left(event, going) -> int | None:
    # The rule of `rsvp.places_left`, from the count the page already has.
    return None if event.capacity is None else max(event.capacity - going, 0)


def _proposing_url(viewer, event, own) -> str:
    # Accepting an invitation is itself a reply (`invitations.accept`), so someone who has
    # never replied has no accepted invitation to propose from: no need to ask.
    return propose_url_of(viewer, event) if own is not None else ""


def shown_to_everyone(event) -> dict:
    """What the page shows every reader alike: the counts, the hosts, the agenda and the
    practices used, the hospitality and the topics (and, for visitors, the list of who is
    going)."""
    if not event.pk:  # a preview of a gathering not yet saved
        return {
            "totals": {"going": 0, "waitlisted": 0},
            "hosts": [],
            "harvest_practices": [],
            "agenda": agenda_of(event, listed_practices(event)),
            "hospitality": list(event.hospitality.all()),
            "topics": [],
        }
    practices = listed_practices(event)
    return {
        "totals": counts(event),
        "hosts": host_profiles(event),
        "harvest_practices": [practice for practice in practices.values() if practice.harvested],
        "agenda": agenda_of(event, practices),
        "hospitality": list(event.hospitality.all()),
        "topics": list(event.tags.all()),
    }


def _agenda_practice_ids(event) -> list[int]:
    # From the stored agenda, not its blocks: turning the agenda into blocks would load each
    # practice it names in full, only to ask again which of them everyone may read.
    return [
        item["value"]["practice"]
        for item in event.agenda.raw_data
        if item["type"] == "item" and item["value"].get("practice")
    ]


def listed_practices(event) -> dict:
    """The practices the agenda names and those the harvest says were used, that everyone may
    read (published and outside the library's private sections: their titles are not for
    everyone otherwise), by id, in one query. Each has `harvested`. The harvest's through its
    ids: a preview's gathering holds them in memory, not in a query."""
    agenda_ids = _agenda_practice_ids(event)
    harvested = event.harvest_practices.values_list("id", flat=True) if event.pk else []
    if not agenda_ids and not event.pk:
        return {}
    found = (
        PracticePage.objects.live()
        .exclude(listed_pages_q())
        .filter(Q(pk__in=agenda_ids) | Q(pk__in=harvested))
        .annotate(harvested=ExpressionWrapper(Q(pk__in=harvested), output_field=BooleanField()))
        .order_by("path")
        .only("title", "url_path", "path", "depth")
    )
    return {practice.pk: practice for practice in found}


def agenda_of(event, practices) -> list[dict]:
    """The agenda's parts as the page shows them: each names its practice only when everyone
    may read it (`practices`, from `listed_practices`), and a part named after its practice
    links its title rather than repeating the name ("What? So what? Now what? using What? So
    what? Now what?")."""
    parts = []
    for item in event.agenda.raw_data:
        if item["type"] != "item":
            continue
        value = item["value"]
        practice = practices.get(value.get("practice"))
        parts.append(
            {
                "value": value,
                "practice": practice,
                "named_after_practice": practice is not None
                and _same_name(value.get("title"), practice.title),
            }
        )
    return parts


def _same_name(title, practice_title) -> bool:
    return " ".join((title or "").split()).casefold() == " ".join(practice_title.split()).casefold()


def _attendees(event, request) -> list[Profile]:
    return attendee_list(event, request.user) if event.pk else []


def gathering_page_context(event, request) -> dict:
    """What the gathering's page shows `request.user`, but the reply form
    (`events.views.gathering.page_context` adds it)."""
    viewer = request.user
    member = is_verified_member(viewer)
    own = rules.rsvp_of(viewer, event) if member else None
    shared = shown_to_everyone(event)
    totals = shared["totals"]
    regular = bool(
        member
        and event.series_id
        and SeriesRegular.objects.filter(series_id=event.series_id, member=viewer).exists()
    )
    can_join = rules.can_join_online(viewer, event) if event.pk else False
    return {
        "when": when_for(viewer, event),
        "is_member": member,
        "rsvp": own,
        "waitlist_position": waitlist_position(own),
        "going_count": totals["going"],
        "waitlisted_count": totals["waitlisted"],
        "places_left": _places_left(event, totals["going"]) if event.pk else event.capacity,
        "replies_open": event.replies_open(),
        "is_host": rules.is_named_host(viewer, event) if event.pk else False,
        "can_see_venue": rules.can_see_venue(viewer, event) if event.pk else False,
        "join_url": _join_url(viewer, event, own) if can_join else "",
        "hosts": shared["hosts"],
        # Only worked out when the template shows it.
        "attendees": SimpleLazyObject(lambda: _attendees(event, request)),
        "is_regular": regular,
        "propose_url": _proposing_url(viewer, event, own) if member and event.pk else "",
        "can_see_recording": rules.can_see_recording(viewer, event),
        "has_harvest": bool(event.harvest_notes or event.harvest_outputs or event.recording_url),
        "can_give_feedback": may_give_feedback(viewer, event) if member and event.pk else False,
        "harvest_practices": shared["harvest_practices"],
        "agenda": shared["agenda"],
        "add_to_calendar": add_to_calendar_links(event) if event.pk else None,
        # Asked once here rather than twice or more by the template.
        "hospitality": shared["hospitality"],
        "topics": shared["topics"],
        "index_url": index_url_of(event),
    }
