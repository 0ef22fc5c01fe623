from django.conf import settings
from django.db import models


class SavedPractice(models.Model):
    """A practice a member keeps on their own list."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_practices"
    )
    practice = models.ForeignKey(
        "practices.PracticePage", on_delete=models.CASCADE, related_name="saves"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["member", "practice"], name="saved_practice_once")
        ]

    def __str__(self):
        return f"{self.member} saved {self.practice}"


class PracticeUse(models.Model):
    """A member saying "I have used this", with what they learned."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_uses"
    )
    practice = models.ForeignKey(
        "practices.PracticePage", on_delete=models.CASCADE, related_name="uses"
    )
    where = models.CharField(max_length=120, blank=True)
    group_size = models.PositiveIntegerField(null=True, blank=True)
    note = models.TextField("what worked", max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["member", "practice"], name="practice_use_once")
        ]

    def __str__(self):
        return f"{self.member} used {self.practice}"


class Reading(models.Model):
    """Further reading: a book, paper, guide or toolkit worth knowing."""

    title = models.CharField(max_length=200)
    authors = models.CharField(max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    url = models.URLField(blank=True)
    summary = models.TextField(max_length=800, blank=True)
    free_to_read = models.BooleanField(default=False)
    practices = models.ManyToManyField(
        "practices.PracticePage", blank=True, related_name="readings"
    )

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class FundingSource(models.Model):
    """Money for systems work: who funds it, what for, and by when."""

    funder = models.CharField(max_length=160)
    name = models.CharField("fund or programme", max_length=200)
    what_they_fund = models.TextField(max_length=1000)
    url = models.URLField()
    deadline = models.DateField(null=True, blank=True, help_text="Leave empty if rolling.")
    sectors = models.ManyToManyField("members.Sector", blank=True, related_name="funding_sources")
    region = models.CharField(max_length=120, blank=True, help_text="e.g. UK-wide, Scotland")

    class Meta:
        ordering = ["deadline", "funder"]

    def __str__(self):
        return f"{self.funder}: {self.name}"
