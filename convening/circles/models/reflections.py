"""Reflections, their replies, and commitments: a member's private journal that grows into a
portfolio, shared with a circle or all members only when the author chooses.

The rule for who reads a reflection is written once, `ReflectionQuerySet.visible_to`: the
author; all verified members for "members"; for "circle", the active members of that circle
while the author is still one of them. Staff have no exception."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from convening.circles.structures import DEFAULT_STRUCTURE, STRUCTURE_CHOICES, structure_of
from members.models import Block, is_verified_member
from practices.value import ValueCycle

from .circles import CircleMembership


class ReflectionVisibility(models.TextChoices):
    PRIVATE = "private", "Only me"
    CIRCLE = "circle", "My circle"
    MEMBERS = "members", "All members"


class ReflectionQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        own = Q(author=user)
        if not is_verified_member(user):
            return self.filter(own)
        reader_in_circle = CircleMembership.objects.filter(
            circle=OuterRef("circle"), member=user, status=CircleMembership.Status.ACTIVE
        )
        author_in_circle = CircleMembership.objects.filter(
            circle=OuterRef("circle"),
            member=OuterRef("author"),
            status=CircleMembership.Status.ACTIVE,
        )
        shared_with_circle = (
            Q(visibility=ReflectionVisibility.CIRCLE)
            & Q(Exists(reader_in_circle))
            & Q(Exists(author_in_circle))
        )
        shared_with_members = Q(
            visibility=ReflectionVisibility.MEMBERS, author__is_active=True
        ) & Block.objects.unblocked(user, "author")
        return self.filter(own | shared_with_circle | shared_with_members)


class Reflection(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflections"
    )
    title = models.CharField(max_length=160)
    date = models.DateField(default=timezone.localdate)
    structure = models.CharField(
        max_length=30, choices=STRUCTURE_CHOICES, default=DEFAULT_STRUCTURE
    )
    # One entry a prompt of the structure: {"key": ..., "heading": ..., "text": ...}.
    sections = models.JSONField(default=list)
    session = models.ForeignKey(
        "circles.CircleSession",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reflections",
    )
    gathering = models.ForeignKey(
        "events.EventPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reflections",
    )
    practice = models.ForeignKey(
        "practices.PracticePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reflections",
    )
    story = models.ForeignKey(
        "practices.StoryPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reflections",
    )
    competencies = models.ManyToManyField(
        "practices.Competency", blank=True, related_name="reflections"
    )
    value_cycle = models.CharField(
        "value it speaks to", max_length=20, choices=ValueCycle.choices, blank=True
    )
    visibility = models.CharField(
        "who can read it",
        max_length=10,
        choices=ReflectionVisibility.choices,
        default=ReflectionVisibility.PRIVATE,
    )
    circle = models.ForeignKey(
        "circles.Circle",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shared_reflections",
        help_text="The circle it is shared with, when shared with a circle.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReflectionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["author", "date"], name="circles_reflection_author"),
            models.Index(fields=["visibility", "circle"], name="circles_reflection_shared"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("circles:reflection", kwargs={"pk": self.pk})

    @property
    def structure_info(self):
        return structure_of(self.structure)

    def text_of(self, key: str) -> str:
        return next((s.get("text", "") for s in self.sections if s.get("key") == key), "")


class ReflectionReply(models.Model):
    """A circle member's reply to a reflection shared with the circle (or with all members).
    Replies are read by exactly those who may read the reflection."""

    reflection = models.ForeignKey(Reflection, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflection_replies"
    )
    text = models.TextField(max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Reply by {self.author} to {self.reflection}"


class Commitment(models.Model):
    """The "Now what?" of a session: what a member said they would do. It waits on /me/, the
    next session's page brings it back, and a few weeks later the member is asked, once, how it
    went; the answer becomes a reflection."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="commitments"
    )
    text = models.TextField(max_length=1000)
    session = models.ForeignKey(
        "circles.CircleSession",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
    )
    reflection = models.ForeignKey(
        Reflection, null=True, blank=True, on_delete=models.CASCADE, related_name="commitments"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    follow_up_sent_at = models.DateTimeField(null=True, blank=True)
    outcome = models.ForeignKey(
        Reflection,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outcome_of",
        help_text="The reflection written when asked how it went.",
    )
    done = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.text[:60]
