"""Who is coming: replies (RSVPs), the waitlist, regulars of a series, and the access and
hospitality needs a member keeps once and reuses at each reply."""

from django.conf import settings
from django.db import models


class AccessProvision(models.Model):
    """Something that makes a gathering possible to attend: step-free access, captions, a quiet
    room... Gatherings say which they provide; members say which they need."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class AccessNeeds(models.Model):
    """A member's access and hospitality needs, private to them. Offered for reuse at each
    reply; hosts see what is copied onto a reply, for their own gathering only."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_needs"
    )
    needs = models.ManyToManyField(AccessProvision, blank=True, related_name="+")
    notes = models.TextField(
        max_length=600,
        blank=True,
        help_text="Anything else hosts should know: dietary needs, breaks, caring "
        "responsibilities...",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "access needs"

    def __str__(self):
        return f"Access needs of {self.member}"


class RsvpQuerySet(models.QuerySet):
    def going(self):
        return self.filter(status=Rsvp.Status.GOING)

    def waitlisted(self):
        return self.filter(status=Rsvp.Status.WAITLISTED).order_by("queued_at", "pk")


class Rsvp(models.Model):
    """A member's answer to a gathering. One per member and gathering; changing your mind
    changes this row. The waitlist is first come, first served by `queued_at`."""

    class Status(models.TextChoices):
        GOING = "going", "Going"
        WAITLISTED = "waitlisted", "On the waitlist"
        NOT_GOING = "not_going", "Not going"

    event = models.ForeignKey("events.EventPage", on_delete=models.CASCADE, related_name="rsvps")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rsvps"
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    on_attendee_list = models.BooleanField(
        "show my name on the list of who is coming", default=False
    )
    access_needs = models.ManyToManyField(AccessProvision, blank=True, related_name="+")
    access_notes = models.TextField(max_length=600, blank=True)
    question = models.TextField("a question for the hosts", max_length=1000, blank=True)
    invitation = models.ForeignKey(
        "events.Invitation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Counted as going because the member comes to every date of the series.
    as_regular = models.BooleanField(default=False)
    queued_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RsvpQuerySet.as_manager()

    class Meta:
        verbose_name = "RSVP"
        constraints = [
            models.UniqueConstraint(fields=["event", "member"], name="events_rsvp_once"),
        ]
        indexes = [
            models.Index(fields=["event", "status", "queued_at"], name="events_rsvp_queue"),
            models.Index(fields=["member", "status"], name="events_rsvp_member"),
        ]

    def __str__(self):
        return f"{self.member} · {self.get_status_display()} · {self.event_id}"


class SeriesRegular(models.Model):
    """A member who comes to every date of a series: counted as going to each new date until
    they say otherwise for that date."""

    series = models.ForeignKey("events.Series", on_delete=models.CASCADE, related_name="regulars")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="regular_series"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["series", "member"], name="events_regular_once")
        ]

    def __str__(self):
        return f"{self.member} comes to every date of {self.series}"
