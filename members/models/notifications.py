from django.conf import settings
from django.db import models


class Notification(models.Model):
    """An email the site decided to send a member. The `key` makes sending idempotent: the same
    key is never sent twice, so a task that runs twice does no harm."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    key = models.CharField(max_length=200)
    kind = models.CharField(max_length=50)
    subject = models.CharField(max_length=200)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    # Small text files sent with the email, as [filename, content, mimetype]: a calendar file.
    attachments = models.JSONField(default=list, blank=True)
    # Where the email has a secret link, the random mark standing in its place until it is sent
    # (members.notifications: the link itself is never stored). Empty for every other email.
    link_mark = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="members_notification_once")
        ]

    def __str__(self):
        return f"{self.kind} to {self.user}"
