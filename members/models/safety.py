from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class BlockQuerySet(models.QuerySet):
    def between(self, one, other):
        """The block either way between two members, if any."""
        return self.filter(
            models.Q(blocker=one, blocked=other) | models.Q(blocker=other, blocked=one)
        )

    def involving(self, user):
        """Every block `user` made or received."""
        return self.filter(models.Q(blocker=user) | models.Q(blocked=user))

    def unblocked(self, user, field: str) -> models.Q:
        """Rows whose member `field` neither blocked `user` nor was blocked by them, for
        `.filter()`: two subqueries, no query of its own."""
        return ~models.Q(**{f"{field}__in": self.filter(blocker=user).values("blocked")}) & ~(
            models.Q(**{f"{field}__in": self.filter(blocked=user).values("blocker")})
        )


class Block(models.Model):
    """One member blocking another: no messages either way, each hidden from the other,
    wherever one member could reach the other (profiles, messages, reflections and replies)."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_received"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BlockQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="members_block_once"),
            models.CheckConstraint(
                condition=~models.Q(blocker=models.F("blocked")), name="members_block_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.blocker} blocked {self.blocked}"


class Report(models.Model):
    """A member telling staff about a member or a piece of content that worries them."""

    class Reason(models.TextChoices):
        HARASSMENT = "harassment", "Harassment or bullying"
        SPAM = "spam", "Spam or advertising"
        PRIVACY = "privacy", "Shares someone's private information"
        HARMFUL = "harmful", "Hateful, discriminatory or harmful"
        IMPERSONATION = "impersonation", "Pretending to be someone else"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"
        DISMISSED = "dismissed", "Dismissed"

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="reports_made",
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    subject = GenericForeignKey("content_type", "object_id")
    subject_description = models.CharField(
        max_length=200, help_text="What was reported, as it was at the time."
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    details = models.TextField(max_length=2000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    staff_notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.subject_description}"
