from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class Feedback(models.Model):
    """An attendee's short answer after a gathering: how useful, and what next."""

    event = models.ForeignKey("events.EventPage", on_delete=models.CASCADE, related_name="feedback")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="gathering_feedback"
    )
    usefulness = models.PositiveSmallIntegerField(
        "how useful was it", validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    what_worked = models.TextField("what was most useful", max_length=1500, blank=True)
    what_next = models.TextField("what next", max_length=1500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "member"], name="events_feedback_once")
        ]

    def __str__(self):
        return f"Feedback from {self.member} on {self.event}"
