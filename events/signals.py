"""What happens when hosts publish a gathering: people going hear about changes, a raised
capacity lets the waitlist in, and a series' regulars are counted as going to a new date."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from wagtail.signals import page_published, page_unpublished

from convening_site.page_cache import purge

from .calendar import PUBLIC_CALENDAR_KEY
from .models import EventPage, Rsvp


@receiver(page_published, sender=EventPage)
@receiver(page_unpublished, sender=EventPage)
@receiver(post_delete, sender=EventPage)
def refresh_the_public_calendar(sender, instance, **kwargs):
    cache.delete(PUBLIC_CALENDAR_KEY)
    purge(
        paths=[
            reverse("events:public_calendar"),
            reverse("events:gathering_ics", args=[instance.pk]),
        ]
    )


@receiver(post_save, sender=Rsvp, dispatch_uid="events.purge_the_gathering")
@receiver(post_delete, sender=Rsvp, dispatch_uid="events.purge_the_gathering_too")
def purge_the_gathering(sender, instance, **kwargs):
    """A reply changes the places left and who is going, on the gathering's page and in the
    listing."""
    purge(pages=_gathering_and_listing(instance.event))


def _gathering_and_listing(event):
    # A generator: read only when a cache is there to purge.
    yield event
    yield event.get_parent()


@receiver(page_published, sender=EventPage)
def tell_people_what_changed(sender, instance, revision=None, **kwargs):
    from . import notices
    from .rsvp import refill_places
    from .series import count_regulars_in

    if getattr(instance, "_calendar_changed", False):
        notices.changed(instance)
    if not instance.is_cancelled:
        refill_places(instance)
        # A date of a series published later than it was made (a draft) counts its regulars
        # then; people who already answered are left alone.
        if instance.series_id and not instance.has_started():
            count_regulars_in(instance)
