"""Invitations: a host's personal message to a member or an email address, with a secret link
to accept or decline; and proposals, where an invitee widens the room."""

import hashlib

from django.conf import settings
from django.db import models


def hash_token(token: str) -> str:
    """Secret links are stored as their SHA-256: a copy of the database opens no invitation."""
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed, waiting for a host"
        SENT = "sent", "Sent"
        OPENED = "opened", "Opened"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        REFUSED = "refused", "Proposal not taken up"

    event = models.ForeignKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField("email address")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
    )
    name = models.CharField(max_length=120, blank=True)
    organisation = models.CharField(max_length=120, blank=True)
    message = models.TextField("personal message", max_length=3000)
    # When a host approves a proposal, their own words beside the proposer's reason.
    host_note = models.TextField("host's note", max_length=3000, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations_sent",
    )
    # Widening the room: the invitation through which the proposer came, and how many steps
    # this one is from the hosts (0: a host invited them directly).
    via = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals"
    )
    depth = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENT)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    times_sent = models.PositiveSmallIntegerField(default=0)
    # Emails to people without an account go through a background task that may run twice:
    # it records which sending it delivered, so each is delivered once.
    times_delivered = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], name="events_invitation_once")
        ]
        # Which gatherings a member is invited to by address (`EventPageQuerySet.visible_to`,
        # on every listing) is looked up by email alone.
        indexes = [models.Index(fields=["email"], name="events_invitation_email")]

    def __str__(self):
        return f"Invitation to {self.email}"
