"""Gatherings as Wagtail pages: the index at /gatherings/ and one page per gathering.

Who may see a gathering is one rule, `EventPageQuerySet.visible_to(user)`; the page's own
`serve` and every listing, feed and the sitemap use it. The exact venue and the join link are
for people going and hosts only (`events.rules`)."""

import hashlib
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from convening.shared.locking import bound_lock_wait
from events.admin_forms import GatheringForm
from events.blocks import AgendaBlock
from events.visibility import GatheringVisibility
from members.models import is_verified_member
from members.time_zones import TimeZoneSelect, validate_time_zone

SHORT_RICH_TEXT = ["bold", "italic", "link", "ol", "ul"]


def validate_https(value):
    if value and not value.lower().startswith("https://"):
        raise ValidationError("Use a secure address that starts with https://.")


class TaggedGathering(TaggedItemBase):
    content_object = ParentalKey("events.EventPage", related_name="tagged_items")


class EventIndexPage(RoutablePageMixin, Page):
    """The gatherings at /gatherings/: upcoming first, grouped by month; past ones on a tab."""

    introduction = models.TextField(max_length=600, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["convening.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = "gatherings index"

    @path("")
    def listing(self, request):
        from events.views.listing import gatherings

        return gatherings(request, self)

    @path("feed/")
    def rss(self, request):
        from events.views.feeds import GatheringsFeed

        return GatheringsFeed(self)(request)

    def route(self, request, path_components):
        """A gathering's address finds the gathering in one query, with its reply counts:
        only gatherings live here (`subpage_types`), so Wagtail's two steps (the child as a
        plain page, then as its own kind) are one, and the page need not count again."""
        if not path_components or (self.live and self._has_own_route(path_components)):
            return super().route(request, path_components)
        gathering = (
            EventPage.objects.child_of(self)
            .filter(slug=path_components[0])
            .with_reply_counts()
            .first()
        )
        if gathering is None:
            raise Http404
        return gathering.route(request, path_components[1:])

    def _has_own_route(self, path_components) -> bool:
        try:
            self.resolve_subpage("/" + "/".join(path_components) + "/")
        except Http404:
            return False
        return True


class EventPageQuerySet(PageQuerySet):
    def visible_to(self, user):
        """The one rule for who may know a gathering exists: public ones for everyone,
        members-only ones for verified members, invitation-only ones for their hosts, the people
        invited (by account or by their verified address) and anyone who has replied."""
        if not user.is_authenticated or not user.is_active:
            return self.filter(visibility=GatheringVisibility.PUBLIC)
        if not is_verified_member(user):
            return self.filter(visibility=GatheringVisibility.PUBLIC)
        from .attendance import Rsvp
        from .invitations import Invitation

        # Four lookups by the member (each on an index), rather than one join of every
        # invitation-only gathering with its hosts, invitations and replies filtered by an OR,
        # which read every invitation there is.
        invited = (
            Q(pk__in=EventHost.objects.filter(member=user).values("event_id"))
            | Q(pk__in=Invitation.objects.filter(member=user).values("event_id"))
            | Q(
                pk__in=Invitation.objects.filter(email__in=_verified_addresses(user)).values(
                    "event_id"
                )
            )
            | Q(pk__in=Rsvp.objects.filter(member=user).values("event_id"))
        )
        open_to_members = Q(
            visibility__in=[GatheringVisibility.PUBLIC, GatheringVisibility.MEMBERS]
        )
        return self.filter(open_to_members | (Q(visibility=GatheringVisibility.INVITED) & invited))

    def with_going_count(self):
        """Each gathering with `going_count`: a subquery a row (on the replies' index) rather
        than a join and a GROUP BY over every reply."""
        from .attendance import Rsvp

        return self.annotate(going_count=_replies_counted(Rsvp.Status.GOING))

    def with_reply_counts(self):
        """Each gathering with `going_count` and `waitlisted_count`, as `with_going_count`."""
        from .attendance import Rsvp

        return self.with_going_count().annotate(
            waitlisted_count=_replies_counted(Rsvp.Status.WAITLISTED)
        )

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")


def _replies_counted(status):
    from .attendance import Rsvp

    replies = (
        Rsvp.objects.filter(event=OuterRef("pk"), status=status)
        .order_by()
        .values("event")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(replies, output_field=models.IntegerField()), Value(0))


def _verified_addresses(user):
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, verified=True).values("email")


EventPageManager = PageManager.from_queryset(EventPageQuerySet)


class Series(models.Model):
    """Gatherings that recur ("every other Tuesday"): editors create the next date from the
    last one without retyping, and regulars are counted as going to each new date."""

    class Cadence(models.TextChoices):
        WEEKLY = "weekly", "Every week"
        FORTNIGHTLY = "fortnightly", "Every other week"
        FOUR_WEEKLY = "four-weekly", "Every four weeks"
        MONTHLY = "monthly", "Every month, on the same weekday"

    name = models.CharField(max_length=120, unique=True)
    cadence = models.CharField(max_length=12, choices=Cadence.choices, default=Cadence.FORTNIGHTLY)
    description = models.TextField(max_length=600, blank=True)
    # Whoever started the series may change it, beside the hosts of its gatherings (`rules`).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
    )

    panels = [FieldPanel("name"), FieldPanel("cadence"), FieldPanel("description")]

    class Meta:
        verbose_name_plural = "series"
        ordering = ["name"]

    def __str__(self):
        return self.name


class EventPage(Page):
    """A gathering: when and where, who hosts it, who may come, its agenda and, afterwards, its
    harvest."""

    class Format(models.TextChoices):
        ONLINE = "online", "Online"
        IN_PERSON = "in_person", "In person"
        HYBRID = "hybrid", "Hybrid"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"
        MOVED = "moved", "Moved to a new time"

    summary = models.CharField(max_length=200, help_text="One line: what it is and who for.")
    description = RichTextField(features=SHORT_RICH_TEXT, blank=True)
    starts_at = models.DateTimeField("starts")
    ends_at = models.DateTimeField("ends")
    time_zone = models.CharField(
        "host's time zone",
        max_length=64,
        default="Europe/London",
        validators=[validate_time_zone],
        help_text="Times are entered and shown to visitors in this zone; members see their own.",
    )
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.ONLINE)
    place = models.CharField(
        "town or area",
        max_length=120,
        blank=True,
        help_text="Shown to everyone, e.g. Leeds city centre. The exact venue is not.",
    )
    venue = models.TextField(
        "venue name and address",
        max_length=500,
        blank=True,
        help_text="Shown only to people going and to hosts: on the page, in emails and in "
        "calendar files.",
    )
    access_information = models.TextField(
        max_length=1500,
        blank=True,
        help_text="Getting there, step-free routes, toilets, quiet spaces: shown to everyone.",
    )
    online_platform = models.CharField(
        max_length=60, blank=True, help_text="e.g. Zoom, Teams, Jitsi. Shown to everyone."
    )
    join_url = models.URLField(
        "join link",
        max_length=500,
        blank=True,
        validators=[validate_https],
        help_text="The meeting address. People going get their own link on this site that "
        "leads here, so you can change it without sending anything again.",
    )
    capacity = models.PositiveIntegerField(
        "places", null=True, blank=True, help_text="Leave empty for no limit."
    )
    rsvp_opens_at = models.DateTimeField("replies open", null=True, blank=True)
    rsvp_closes_at = models.DateTimeField(
        "replies close", null=True, blank=True, help_text="Empty: replies close when it starts."
    )
    visibility = models.CharField(
        "who may see it",
        max_length=10,
        choices=GatheringVisibility.choices,
        default=GatheringVisibility.PUBLIC,
    )
    agenda = StreamField(AgendaBlock(), blank=True)
    hospitality = ParentalManyToManyField(
        "events.AccessProvision",
        blank=True,
        related_name="gatherings",
        verbose_name="access and hospitality provided",
    )
    hospitality_notes = models.TextField(
        "more on hospitality and access",
        max_length=600,
        blank=True,
        help_text="e.g. tea and cake; a break every 45 minutes; cameras optional.",
    )
    series = models.ForeignKey(
        Series, null=True, blank=True, on_delete=models.SET_NULL, related_name="gatherings"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    status_reason = models.TextField(
        "reason for the change",
        max_length=600,
        blank=True,
        help_text="Required when cancelling; said on the page and in the email to people going.",
    )
    tags = ClusterTaggableManager("topics", through=TaggedGathering, blank=True)

    # Kept in step with the agenda on save, so "used at N gatherings" is a count.
    practices = models.ManyToManyField(
        "practices.PracticePage", blank=True, related_name="planned_at", editable=False
    )
    # Raised whenever what a calendar shows changes (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(default=0, editable=False)
    calendar_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    # The harvest, after the gathering.
    harvest_notes = RichTextField("notes", features=[*SHORT_RICH_TEXT, "h3"], blank=True)
    harvest_outputs = RichTextField(
        "outputs", features=SHORT_RICH_TEXT, blank=True, help_text="Maps, lists, links..."
    )
    recording_url = models.URLField(
        "recording link", max_length=500, blank=True, validators=[validate_https]
    )
    recording_members_only = models.BooleanField("recording for members only", default=True)
    harvest_practices = ParentalManyToManyField(
        "practices.PracticePage",
        blank=True,
        related_name="harvested_at",
        verbose_name="practices actually used",
    )
    feedback_requested_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = EventPageManager()
    base_form_class = GatheringForm

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("time_zone", widget=TimeZoneSelect),
                FieldPanel("series"),
            ],
            heading="When",
        ),
        MultiFieldPanel(
            [
                FieldPanel("format"),
                FieldRowPanel([FieldPanel("online_platform"), FieldPanel("join_url")]),
                FieldRowPanel([FieldPanel("place"), FieldPanel("venue")]),
                FieldPanel("access_information"),
            ],
            heading="Where",
        ),
        MultiFieldPanel(
            [
                FieldPanel("visibility"),
                FieldPanel("capacity"),
                FieldRowPanel([FieldPanel("rsvp_opens_at"), FieldPanel("rsvp_closes_at")]),
            ],
            heading="Who can come",
        ),
        InlinePanel("hosts", heading="Hosts", label="Host", min_num=0),
        FieldPanel("agenda"),
        MultiFieldPanel(
            [FieldPanel("hospitality"), FieldPanel("hospitality_notes")],
            heading="Access and hospitality",
        ),
        FieldPanel("tags"),
    ]
    status_panels = [
        HelpPanel(
            "Cancelling or moving a gathering emails everyone going when you publish, and "
            "updates their calendars."
        ),
        FieldPanel("status"),
        FieldPanel("status_reason"),
    ]
    harvest_panels = [
        HelpPanel(
            "After the gathering: what came out of it. It shows on the gathering's page and "
            "on the pages of the practices used."
        ),
        FieldPanel("harvest_notes"),
        FieldPanel("harvest_outputs"),
        FieldRowPanel([FieldPanel("recording_url"), FieldPanel("recording_members_only")]),
        FieldPanel("harvest_practices"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Gathering"),
            ObjectList(status_panels, heading="Status"),
            ObjectList(harvest_panels, heading="Harvest"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("place"),
        index.FilterField("visibility"),
        index.FilterField("starts_at"),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "gathering"
        indexes = [
            models.Index(fields=["starts_at"], name="events_gathering_starts"),
            models.Index(fields=["ends_at"], name="events_gathering_ends"),
            models.Index(fields=["visibility", "ends_at"], name="events_gathering_listing"),
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The gathering must end after it starts."
        if self.rsvp_opens_at and self.rsvp_closes_at and self.rsvp_closes_at <= self.rsvp_opens_at:
            errors["rsvp_closes_at"] = "Replies must close after they open."
        if self.status == self.Status.CANCELLED and not self.status_reason.strip():
            errors["status_reason"] = "Say why it is cancelled: people going will be told."
        # Places below the number going are refused by the editor's form (GatheringForm), not
        # here: Wagtail cleans again as it saves the revision, and a reply landing in between
        # would turn into a 500. `save` keeps the rule under the row lock.
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # Wagtail saves drafts with `update_fields` (only the live row's bookkeeping); a full
        # save is a publish (or a copy), the moment what calendars show can change. SEQUENCE and
        # the fingerprint come from the stored row, never from a revision's possibly stale copy.
        if kwargs.get("update_fields") is not None:
            return super().save(*args, **kwargs)
        stored = (
            EventPage.objects.filter(pk=self.pk).values("sequence", "calendar_fingerprint").first()
            if self.pk
            else None
        )
        fingerprint = self.compute_calendar_fingerprint()
        self._calendar_changed = bool(
            stored
            and stored["calendar_fingerprint"]
            and stored["calendar_fingerprint"] != fingerprint
        )
        if stored:
            self.sequence = stored["sequence"] + (1 if self._calendar_changed else 0)
        self.calendar_fingerprint = fingerprint
        with transaction.atomic():
            if stored and self.capacity is not None:
                self._keep_places_taken()
            result = super().save(*args, **kwargs)
        self.practices.set(self.agenda_practice_ids())
        if self.owner_id and not EventHost.objects.filter(event=self).exists():
            # Whoever creates a gathering hosts it until they name other hosts.
            EventHost.objects.create(event=self, member_id=self.owner_id)
        return result

    def _keep_places_taken(self):
        """Lower places never below the people going. The form checked, but replies may have
        come in since (each locks this row as it counts): locked here, the count is final, and
        a place already confirmed to someone stays theirs."""
        bound_lock_wait()
        list(EventPage.objects.select_for_update().filter(pk=self.pk).values_list("pk"))
        going = self.rsvps.filter(status="going").count()
        self.capacity = max(self.capacity, going)

    def compute_calendar_fingerprint(self):
        """What a calendar entry shows: a change to any of it raises SEQUENCE."""
        parts = [
            self.title,
            self.starts_at.isoformat() if self.starts_at else "",
            self.ends_at.isoformat() if self.ends_at else "",
            self.time_zone,
            self.status,
            self.venue,
            self.place,
            self.format,
        ]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    def agenda_practice_ids(self):
        return sorted(
            {
                item.value["practice"].pk
                for item in self.agenda
                if item.block_type == "item" and item.value.get("practice")
            }
        )

    # What people see --------------------------------------------------------------------------

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    def has_ended(self, now=None):
        return self.ends_at < (now or timezone.now())

    def has_started(self, now=None):
        return self.starts_at <= (now or timezone.now())

    def rsvp_closes(self):
        return self.rsvp_closes_at or self.starts_at

    def replies_open(self, now=None):
        now = now or timezone.now()
        if self.is_cancelled or not self.live:
            return False
        if self.rsvp_opens_at and now < self.rsvp_opens_at:
            return False
        return now < self.rsvp_closes()

    def get_sitemap_urls(self, request=None):
        if self.visibility != GatheringVisibility.PUBLIC:
            return []
        return super().get_sitemap_urls(request)

    def permissions_for_user(self, user):
        # Who may change a gathering is a rule of events.rules, asked by the admin and the site.
        from events.rules import GatheringPermissionTester

        return GatheringPermissionTester(user, self)

    def serve(self, request, *args, **kwargs):
        from events.views.gathering import serve_gathering

        return serve_gathering(request, self, super().serve, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from events.views.gathering import page_context

        context = super().get_context(request, *args, **kwargs)
        return context | page_context(self, request)


class EventHost(Orderable):
    """A member who hosts a gathering: they see its replies, access needs and invitations."""

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="hosts")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hosting"
    )

    panels = [FieldPanel("member")]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["event", "member"], name="events_host_once")]

    def __str__(self):
        return str(self.member)
