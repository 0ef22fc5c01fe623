"""What the load test (#8, section 7) needs inside the site's own database, run in a Django
process of its own against the load test's database (`tests/trust/test_load.py: django_call`):
the members who sign in, the gatherings with few places they reply to, and afterwards the
replies as stored. Idempotent: a second run reuses the members and clears the replies."""

import datetime

from django.utils import timezone

PASSWORD = "load-test-password-1"  # accounts of a throwaway database
ROOMS = [
    ("load-test-a-small-room", "Load test: a small room", 5),
    ("load-test-twelve", "Load test: twelve places", 12),
]


def seed(count: int) -> dict:
    """`count` verified members who have been through onboarding, and two published gatherings
    a week away with 5 and 12 places and no replies yet."""
    from allauth.account.models import EmailAddress

    from events.models import EventPage, Rsvp
    from members.models import Notification, User
    from tests.events.factories import make_gathering

    emails = []
    for n in range(count):
        email = f"load{n}@load.example.org"
        user, created = User.objects.get_or_create(
            email=email, defaults={"first_name": "Load", "last_name": f"Member {n}"}
        )
        if created:
            user.set_password(PASSWORD)
            user.save()
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            profile = user.profile
            profile.display_name = f"Load Member {n}"
            profile.onboarding = "done"
            profile.save()
        emails.append(email)

    gatherings = []
    for slug, title, places in ROOMS:
        event = EventPage.objects.filter(slug=slug).first()
        if event is None:
            start = timezone.now() + datetime.timedelta(days=7)
            # The slug is given at creation, so the page's address (its url_path) has it too:
            # a slug changed afterwards by a plain update leaves the address pointing at none.
            event = make_gathering(
                title, slug=slug, capacity=places, starts_at=start.replace(microsecond=0)
            )
        Rsvp.objects.filter(event=event).delete()
        gatherings.append({"pk": event.pk, "url": event.url, "capacity": places})
    Notification.objects.filter(key__startswith="gathering-").delete()
    return {"members": emails, "password": PASSWORD, "gatherings": gatherings}


def tally(pks: list[int]) -> dict:
    """The replies to the load test's gatherings as stored: [gathering, email, status, promoted]
    (promoted: the member was emailed that a place came free), and each gathering's places."""
    from events.models import EventPage, Rsvp
    from members.models import Notification

    promoted = {
        int(key.split(":")[1])
        for key in Notification.objects.filter(key__startswith="gathering-promoted:").values_list(
            "key", flat=True
        )
    }
    replies = [
        [event_id, email, status, pk in promoted]
        for event_id, email, status, pk in Rsvp.objects.filter(event_id__in=pks).values_list(
            "event_id", "member__email", "status", "pk"
        )
    ]
    places = dict(EventPage.objects.filter(pk__in=pks).values_list("pk", "capacity"))
    return {"replies": replies, "places": {str(pk): cap for pk, cap in places.items()}}
