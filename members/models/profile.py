import secrets

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.text import slugify
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

# Older migrations name the validator as members.models.profile.validate_time_zone.
from members.time_zones import validate_time_zone
from members.two_factor import second_factor_passed
from members.visibility import PROFILE_CHOICES, Visibility, narrowest

from .safety import Block


def avatar_path(instance, filename):
    # Random names: an avatar's address reveals nothing about its owner and cannot be guessed.
    return f"avatars/{secrets.token_urlsafe(16)}.webp"


def private_storage():
    # Not under MEDIA_URL: an avatar is seen only through `members:avatar`, which asks the
    # profile's own rule (a members-only profile's picture is not for visitors).
    return storages["private"]


class Sector(models.Model):
    """A part of public life a convener works in: health, housing, local government..."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class TaggedInterest(TaggedItemBase):
    content_object = models.ForeignKey(
        "members.Profile", on_delete=models.CASCADE, related_name="tagged_interests"
    )


class TaggedBoundary(TaggedItemBase):
    content_object = models.ForeignKey(
        "members.Profile", on_delete=models.CASCADE, related_name="tagged_boundaries"
    )


def is_staff_with_powers(user) -> bool:
    """Staff see every profile, whole, once their session passed the second factor; before, a
    member's view (`members.two_factor`)."""
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_staff or user.is_superuser)
        and second_factor_passed(user)
    )


# Groups whose members look after the site rather than take part as peers. Hosts and
# facilitators are members who convene: they stay among the people suggested.
STAFF_GROUPS = ["Editors"]


class ProfileQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one rule for who sees a profile: visitors see public ones, verified members also
        see members-only ones (but never someone they blocked or who blocked them), the member
        always sees their own, staff see all. Deactivated accounts are shown to no one but staff."""
        return self._visible_to(user, own=True)

    def in_directory_for(self, user):
        """Profiles a member finds in the directory: visible to them, verified, not their own."""
        from allauth.account.models import EmailAddress

        # EXISTS rather than a join: no duplicate rows, so no DISTINCT over every profile.
        verified = EmailAddress.objects.filter(user=OuterRef("user"), verified=True)
        # Without "or their own" (`own=False`): an OR of the member's own row would lead the
        # database to look the two up separately and sort every profile, where a page of the
        # directory otherwise walks its index by name and stops after a page.
        return self._visible_to(user, own=False).exclude(user=user).filter(Exists(verified))

    def without_staff(self):
        """Leaves out the accounts that look after the site (superusers, staff, editors), for
        suggestions of peers: they are there to help, not people like you."""
        return self.exclude(
            Q(user__is_staff=True)
            | Q(user__is_superuser=True)
            | Q(user__groups__name__in=STAFF_GROUPS)
        )

    def _visible_to(self, user, *, own):
        if is_staff_with_powers(user):
            return self
        active = self.filter(user__is_active=True)
        if not user.is_authenticated:
            return active.filter(visibility=Visibility.PUBLIC)
        if is_verified_member(user):
            shown = Q(
                visibility__in=[Visibility.PUBLIC, Visibility.MEMBERS]
            ) & Block.objects.unblocked(user, "user")
        else:
            shown = Q(visibility=Visibility.PUBLIC)
        return active.filter(shown | Q(user=user) if own else shown)


class Profile(models.Model):
    """Who a member is, what they work on, and how much of it others may see."""

    class Digest(models.TextChoices):
        WEEKLY = "weekly", "Weekly"
        MONTHLY = "monthly", "Monthly"
        NEVER = "never", "Never"

    class Onboarding(models.TextChoices):
        PENDING = "pending", "Not yet"
        DONE = "done", "Done"
        SKIPPED = "skipped", "Skipped"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    slug = models.SlugField(max_length=80, unique=True)
    display_name = models.CharField(max_length=80, blank=True)
    pronouns = models.CharField(max_length=40, blank=True)
    headline = models.CharField(
        "role", max_length=120, blank=True, help_text="Your role, in a line."
    )
    organisation = models.CharField(max_length=120, blank=True)
    sectors = models.ManyToManyField(Sector, blank=True, related_name="profiles")
    region = models.CharField(max_length=80, blank=True, help_text="For example: North West")
    country = models.CharField(max_length=80, blank=True)
    time_zone = models.CharField(
        max_length=64, default="Europe/London", validators=[validate_time_zone]
    )
    bio = models.TextField(max_length=2000, blank=True)
    lived_experience = models.TextField(
        max_length=1000,
        blank=True,
        help_text="Experience of the systems you work on, if you choose to share it.",
    )
    interests = TaggableManager(
        through=TaggedInterest, blank=True, related_name="interested_profiles"
    )
    boundaries = TaggableManager(
        "boundaries I work across",
        through=TaggedBoundary,
        blank=True,
        related_name="spanning_profiles",
        help_text="Sectors, organisations and places you bring together, e.g. health and housing.",
    )
    new_to_convening = models.BooleanField(default=False)
    open_to_peer_support = models.BooleanField("peer support", default=False)
    open_to_being_mentored = models.BooleanField("being mentored", default=False)
    open_to_mentoring = models.BooleanField("mentoring others", default=False)
    open_to_co_hosting = models.BooleanField("co-hosting a gathering", default=False)
    open_to_contact = models.BooleanField(
        "being contacted",
        default=True,
        help_text="Other members may send you a message through the site.",
    )
    website = models.URLField(blank=True)
    linkedin = models.URLField("LinkedIn", blank=True)
    social = models.URLField("Mastodon or Bluesky", blank=True)
    avatar = models.ImageField(upload_to=avatar_path, storage=private_storage, blank=True)

    visibility = models.CharField(
        "who can see my profile",
        max_length=10,
        choices=PROFILE_CHOICES,
        default=Visibility.MEMBERS,
    )
    contact_visibility = models.CharField(
        "who can see my links",
        max_length=10,
        choices=PROFILE_CHOICES,
        default=Visibility.MEMBERS,
    )
    organisation_visibility = models.CharField(
        "who can see my organisation",
        max_length=10,
        choices=PROFILE_CHOICES,
        default=Visibility.MEMBERS,
    )
    lived_experience_visibility = models.CharField(
        "who can see my lived experience",
        max_length=10,
        choices=PROFILE_CHOICES,
        default=Visibility.PRIVATE,
    )

    reminders = models.BooleanField("gathering and circle reminders", default=True)
    digest = models.CharField(max_length=10, choices=Digest.choices, default=Digest.MONTHLY)
    last_digest_at = models.DateTimeField(null=True, blank=True)
    # When the member signed in before this time: /me/ says what changed since then. Written
    # on sign-in (`members.signals`), never by a page view, so reading a page changes nothing.
    previous_sign_in_at = models.DateTimeField(null=True, blank=True, editable=False)
    onboarding = models.CharField(
        max_length=10, choices=Onboarding.choices, default=Onboarding.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        ordering = ["display_name", "pk"]
        indexes = [
            # The directory's order: a page of it walks this index and stops after 20 rows,
            # instead of joining and sorting every profile (165 ms to 1 ms at 20,000 members).
            # No index leads with visibility: nine profiles in ten are shown to members, and
            # SQLite, offered one, sorted every profile by name instead of walking this one.
            models.Index(fields=["display_name", "id"], name="members_profile_directory"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self.display_name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("members:profile", kwargs={"slug": self.slug})

    @property
    def name(self):
        return self.display_name or "A member"

    @property
    def open_to(self):
        """The labels of what this member is open to, in a stable order."""
        return [
            self._meta.get_field(name).verbose_name
            for name in OPEN_TO_FIELDS
            if getattr(self, name)
        ]

    def is_visible_to(self, user):
        return Profile.objects.visible_to(user).filter(pk=self.pk).exists()

    def audience_of(self, viewer) -> "Audience":
        if viewer.is_authenticated and viewer.pk == self.user_id:
            return Audience.OWNER
        if is_staff_with_powers(viewer):
            return Audience.STAFF
        if is_verified_member(viewer):
            return Audience.MEMBER
        return Audience.VISITOR

    def seen_by(self, audience: "Audience") -> bool:
        """Whether this audience may see the profile at all. For a real viewer the QuerySet rule
        `visible_to` (which also applies blocks) is the one to use; this answers previews."""
        if audience in (Audience.OWNER, Audience.STAFF):
            return True
        allowed = {Audience.MEMBER: {Visibility.PUBLIC, Visibility.MEMBERS}}
        return self.visibility in allowed.get(audience, {Visibility.PUBLIC})

    def shows(self, field: str, audience: "Audience") -> bool:
        """Whether an audience may see a sensitive field (`contact`, `organisation`,
        `lived_experience`): never more widely than the profile itself."""
        if audience in (Audience.OWNER, Audience.STAFF):
            return True
        level = narrowest(getattr(self, f"{field}_visibility"), self.visibility)
        if level == Visibility.PUBLIC:
            return True
        return level == Visibility.MEMBERS and audience == Audience.MEMBER


class Audience(models.TextChoices):
    """Who is looking at a profile, in the words of the "view as" preview."""

    OWNER = "owner", "you"
    STAFF = "staff", "site staff"
    MEMBER = "member", "another member"
    VISITOR = "visitor", "a visitor who is not signed in"


OPEN_TO_FIELDS = [
    "open_to_peer_support",
    "open_to_being_mentored",
    "open_to_mentoring",
    "open_to_co_hosting",
    "open_to_contact",
]
SENSITIVE_FIELDS = ["contact", "organisation", "lived_experience"]


def unique_slug(name):
    base = slugify(name)[:60] or "member"
    slug = base
    while Profile.objects.filter(slug=slug).exists():
        slug = f"{base}-{secrets.token_hex(3)}"
    return slug


def is_verified_member(user):
    """A signed-in, active person with a verified primary email address. Cached on the user."""
    if not user.is_authenticated or not user.is_active:
        return False
    cached = getattr(user, "_is_verified_member", None)
    if cached is None:
        cached = user._is_verified_member = user.emailaddress_set.filter(verified=True).exists()
    return cached
