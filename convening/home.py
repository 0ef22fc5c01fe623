"""What the home page shows of the living community, beside what editors write."""

from dataclasses import dataclass

from django.db.models import Count

from practices.library import visible_practices, visible_stories

FEATURED = 4
NEWEST_STORIES = 3


@dataclass(frozen=True)
class Card:
    title: str
    url: str
    summary: str
    note: str = ""


def featured_practices(home) -> list:
    """The editors' choice first, then the most used practices, FEATURED in all: live pages
    outside any private section only."""
    listed = visible_practices().defer_streamfields()
    chosen_ids = [item.practice_id for item in home.featured_practices.all()]
    found = {practice.pk: practice for practice in listed.filter(pk__in=chosen_ids)}
    chosen = [found[pk] for pk in chosen_ids if pk in found]
    if len(chosen) < FEATURED:
        most_used = (
            listed.exclude(pk__in=[practice.pk for practice in chosen])
            .annotate(stories=Count("story_uses", distinct=True))
            .order_by("-stories", "title")
        )
        chosen += list(most_used[: FEATURED - len(chosen)])
    return chosen[:FEATURED]


def newest_stories() -> list:
    return list(
        visible_stories().defer_streamfields().order_by("-first_published_at")[:NEWEST_STORIES]
    )


def _practice_card(practice) -> Card:
    note = f"{practice.get_kind_display()} · {practice.time_band}" if practice.time_band else ""
    return Card(practice.title, practice.url, practice.summary, note)


def _story_card(story) -> Card:
    return Card(story.title, story.url, story.summary, story.place)


def whats_alive(home, request) -> dict:
    return {
        "featured_practices": [_practice_card(p) for p in featured_practices(home)],
        "newest_stories": [_story_card(s) for s in newest_stories()],
    }
