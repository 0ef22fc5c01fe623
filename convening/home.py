"""What the home page shows of the living community, beside what editors write."""

from django.db.models import Count

from practices.models import PracticePage, StoryPage

FEATURED = 4
NEWEST_STORIES = 3


def featured_practices(home):
    """The editors' choice first, then the most used practices, FEATURED in all."""
    chosen = [
        item.practice
        for item in home.featured_practices.select_related("practice")
        if item.practice.live
    ]
    if len(chosen) < FEATURED:
        most_used = (
            PracticePage.objects.live()
            .public()
            .exclude(pk__in=[practice.pk for practice in chosen])
            .annotate(stories=Count("story_uses", distinct=True))
            .order_by("-stories", "title")
        )
        chosen += list(most_used[: FEATURED - len(chosen)])
    return chosen[:FEATURED]


def newest_stories():
    return list(StoryPage.objects.live().public().order_by("-first_published_at")[:NEWEST_STORIES])


def whats_alive(home, request):
    return {"featured_practices": featured_practices(home), "newest_stories": newest_stories()}
