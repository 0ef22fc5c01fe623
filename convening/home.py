"""What the home page shows of the living community, beside what editors write."""

from dataclasses import dataclass

from events.listing import next_gatherings
from members.models import is_verified_member
from practices.library import (
    PRACTICE_CARD_FIELDS,
    STORY_CARD_FIELDS,
    most_used_practices,
    visible_practices,
    visible_stories,
)

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
    outside any private section only, and of each only what its card shows."""
    chosen_ids = list(home.featured_practices.values_list("practice_id", flat=True))
    chosen = []
    if chosen_ids:  # none chosen: not even the query's building, which costs more than its run
        listed = visible_practices().only(*PRACTICE_CARD_FIELDS).filter(pk__in=chosen_ids)
        found = {practice.pk: practice for practice in listed}
        chosen = [found[pk] for pk in chosen_ids if pk in found]
    if len(chosen) < FEATURED:
        most_used = most_used_practices().exclude(pk__in=[practice.pk for practice in chosen])
        chosen += list(most_used[: FEATURED - len(chosen)])
    return chosen[:FEATURED]


def newest_stories() -> list:
    return list(
        visible_stories().only(*STORY_CARD_FIELDS).order_by("-first_published_at")[:NEWEST_STORIES]
    )


def _practice_card(practice, request) -> Card:
    note = f"{practice.get_kind_display()} · {practice.time_band}" if practice.time_band else ""
    return Card(practice.title, practice.get_url(request), practice.summary, note)


def _story_card(story, request) -> Card:
    return Card(story.title, story.get_url(request), story.summary, story.place)


def whats_alive(home, request) -> dict:
    return {
        "next_gatherings": next_gatherings(request.user),
        # Members reply from the home page with one click; visitors are asked to sign in.
        "may_reply": is_verified_member(request.user),
        "featured_practices": [_practice_card(p, request) for p in featured_practices(home)],
        "newest_stories": [_story_card(s, request) for s in newest_stories()],
    }
