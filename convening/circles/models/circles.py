"""Peer-reflection circles: small, confidential groups that meet regularly.

Circles are sealed. They are plain Django models (never Wagtail pages or snippets), so no
search index, sitemap, feed or admin listing can show them; who sees a circle, its members and
its sessions is one rule each (`visible_to`, `CircleMembership.objects.active`) and staff get
no exception to it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.text import slugify
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from convening.circles.structures import DEFAULT_STRUCTURE, STRUCTURE_CHOICES
from events.models import validate_https
from members.models import is_verified_member
from members.time_zones import validate_time_zone

DEFAULT_AGREEMENTS = (
    "What is said in the circle stays in the circle: we share what we learned, never who said "
    "what.\n"
    "We listen to understand, and ask questions rather than give advice unless asked.\n"
    "We come when we can, and say so when we cannot.\n"
    "Nobody in the circle manages anyone else in it."
)


class TaggedCircle(TaggedItemBase):
    content_object = models.ForeignKey(
        "circles.Circle", on_delete=models.CASCADE, related_name="tagged_topics"
    )


class CircleQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Who may know a circle exists: verified members see circles that are open or take
        requests (unless closed); an invitation-only circle only to its facilitators, members
        and the people invited or requesting. Visitors and staff as such see none."""
        if not is_verified_member(user):
            return self.none()
        involved = CircleMembership.objects.filter(
            member=user,
            status__in=[
                CircleMembership.Status.ACTIVE,
                CircleMembership.Status.INVITED,
                CircleMembership.Status.REQUESTED,
            ],
        ).values("circle")
        listed = Q(join_policy__in=[Circle.JoinPolicy.OPEN, Circle.JoinPolicy.REQUEST]) & ~Q(
            status=Circle.Status.CLOSED
        )
        return self.filter(listed | Q(pk__in=involved))

    def listed(self):
        """Circles a member can find at /circles/: forming or taking requests."""
        return self.filter(
            join_policy__in=[Circle.JoinPolicy.OPEN, Circle.JoinPolicy.REQUEST],
            status__in=[Circle.Status.FORMING, Circle.Status.MEETING],
        )

    def with_places(self):
        """Each circle with `active_count`: a subquery a row (on the membership index) rather
        than a join and GROUP BY over every membership, so a page of a long listing counts
        only the circles it shows."""
        active = (
            CircleMembership.objects.filter(
                circle=OuterRef("pk"), status=CircleMembership.Status.ACTIVE
            )
            .order_by()
            .values("circle")
            .annotate(total=Count("pk"))
            .values("total")
        )
        return self.annotate(
            active_count=Coalesce(Subquery(active, output_field=IntegerField()), Value(0))
        )


class Circle(models.Model):
    class Cadence(models.TextChoices):
        WEEKLY = "weekly", "Every week"
        FORTNIGHTLY = "fortnightly", "Every other week"
        MONTHLY = "monthly", "Every month"

    class Format(models.TextChoices):
        ONLINE = "online", "Online"
        IN_PERSON = "in_person", "In person"

    class JoinPolicy(models.TextChoices):
        OPEN = "open", "Open: members join straight away"
        REQUEST = "request", "Request to join: facilitators decide"
        INVITATION = "invitation", "Invitation only"

    class Status(models.TextChoices):
        FORMING = "forming", "Forming"
        MEETING = "meeting", "Meeting"
        PAUSED = "paused", "Paused"
        CLOSED = "closed", "Closed"

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    purpose = models.TextField(max_length=1500)
    size_limit = models.PositiveSmallIntegerField(
        "size limit",
        default=6,
        validators=[MinValueValidator(3), MaxValueValidator(12)],
        help_text="Between 3 and 12 people, facilitators included.",
    )
    cadence = models.CharField(max_length=12, choices=Cadence.choices, default=Cadence.FORTNIGHTLY)
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.ONLINE)
    place = models.CharField(
        "town or area", max_length=120, blank=True, help_text="For circles that meet in person."
    )
    time_zone = models.CharField(
        max_length=64,
        default="Europe/London",
        validators=[validate_time_zone],
    )
    planned_sessions = models.PositiveSmallIntegerField(
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text="An action learning set usually runs 6 to 8 sessions.",
    )
    join_policy = models.CharField(
        max_length=10, choices=JoinPolicy.choices, default=JoinPolicy.REQUEST
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.FORMING)
    agreements = models.TextField(
        "the circle's agreements",
        max_length=3000,
        default=DEFAULT_AGREEMENTS,
        help_text="Confidentiality and ground rules, one a line. Each member accepts them.",
    )
    join_questions = models.TextField(
        "questions for people asking to join",
        max_length=1500,
        blank=True,
        default="What do you hope to bring to the circle, and to take from it?",
        help_text="One a line. Only facilitators read the answers.",
    )
    quorum = models.PositiveSmallIntegerField(
        "quorum",
        default=3,
        validators=[MinValueValidator(2), MaxValueValidator(12)],
        help_text="The fewest people present for a session to go ahead.",
    )
    presenter_rota = models.BooleanField(
        "presenter rota",
        default=True,
        help_text="Take turns to bring an issue (action learning): the next presenter is "
        "suggested for each session.",
    )
    default_structure = models.CharField(
        "usual structure", max_length=30, choices=STRUCTURE_CHOICES, default=DEFAULT_STRUCTURE
    )
    topics = TaggableManager(through=TaggedCircle, blank=True)
    sectors = models.ManyToManyField("members.Sector", blank=True, related_name="circles")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="circles_created",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CircleQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["status", "join_policy"], name="circles_circle_listed")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = _unique_slug(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("circles:circle", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.quorum and self.size_limit and self.quorum > self.size_limit:
            raise ValidationError({"quorum": "The quorum cannot be larger than the circle."})
        if self.format == self.Format.IN_PERSON and not self.place.strip():
            raise ValidationError({"place": "Say where an in-person circle meets."})

    @property
    def questions(self) -> list[str]:
        return [line.strip() for line in self.join_questions.splitlines() if line.strip()]

    @property
    def agreement_lines(self) -> list[str]:
        return [line.strip() for line in self.agreements.splitlines() if line.strip()]


def _unique_slug(name):
    import secrets

    base = slugify(name)[:120] or "circle"
    slug = base
    while Circle.objects.filter(slug=slug).exists():
        slug = f"{base}-{secrets.token_hex(3)}"
    return slug


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=CircleMembership.Status.ACTIVE)

    def facilitators(self):
        return self.active().filter(role=CircleMembership.Role.FACILITATOR)


class CircleMembership(models.Model):
    """A member's place in a circle, from request or invitation to leaving."""

    class Role(models.TextChoices):
        FACILITATOR = "facilitator", "Facilitator"
        MEMBER = "member", "Member"

    class Status(models.TextChoices):
        REQUESTED = "requested", "Asked to join"
        INVITED = "invited", "Invited"
        ACTIVE = "active", "Member"
        DECLINED = "declined", "Not taken up"
        REMOVED = "removed", "Removed"
        LEFT = "left", "Left"

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circle_memberships"
    )
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(max_length=10, choices=Status.choices)
    # The circle's own questions and this member's answers, for the facilitators.
    answers = models.JSONField(default=list, blank=True)
    message = models.TextField(max_length=2000, blank=True)
    agreed_at = models.DateTimeField("accepted the agreements", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    joined_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["circle", "member"], name="circles_membership_once")
        ]
        indexes = [
            models.Index(fields=["member", "status"], name="circles_membership_member"),
            models.Index(fields=["circle", "status"], name="circles_membership_circle"),
        ]

    def __str__(self):
        return f"{self.member} in {self.circle}: {self.get_status_display()}"


class SessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A circle's sessions: for its active members (facilitators included) only."""
        if not is_verified_member(user):
            return self.none()
        return self.filter(
            circle__memberships__member=user,
            circle__memberships__status=CircleMembership.Status.ACTIVE,
        )


class CircleSession(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(default=1)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    join_url = models.URLField("join link", max_length=500, blank=True, validators=[validate_https])
    place = models.CharField("where", max_length=300, blank=True)
    structure = models.CharField(
        max_length=30, choices=STRUCTURE_CHOICES, default=DEFAULT_STRUCTURE
    )
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_closing = models.BooleanField("closing session", default=False)
    retrospective = models.TextField(max_length=5000, blank=True)
    # Private to the circle's facilitators.
    facilitator_notes = models.TextField(max_length=5000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["circle", "starts_at"], name="circles_session_when")]

    def __str__(self):
        return f"{self.circle}, session {self.number}"

    def get_absolute_url(self):
        return reverse("circles:session", kwargs={"slug": self.circle.slug, "number": self.number})

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "A session must end after it starts."})


class SessionAttendance(models.Model):
    session = models.ForeignKey(CircleSession, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="circles_attended_once")
        ]

    def __str__(self):
        return f"{self.member} at {self.session}: {'present' if self.present else 'absent'}"
