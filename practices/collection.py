"""What a collection page shows: its practices in order, each with its minutes and the note that
leads on to the next, and the time the whole sequence takes."""

from dataclasses import dataclass

from .models import CollectionPage, PracticePage
from .reading import library_url, listed_pages, minutes_in_words


@dataclass(frozen=True)
class BookletStep:
    number: int
    practice: PracticePage
    minutes: int | None
    transition: str
    # A practice withdrawn from the library keeps its place in the sequence, as a name only.
    listed: bool

    @property
    def time(self) -> str:
        return minutes_in_words(self.minutes)


def collection_steps(collection: CollectionPage) -> list[BookletStep]:
    """The collection's steps in the editor's order. A step without its own minutes takes the
    practice's longest time, so the total is still a fair guide. Two queries, however many
    steps; during a preview the editor's unsaved steps are read from the page."""
    # Sorted here, not in SQL: steps without a sort order would otherwise come back in whatever
    # order the database likes (PostgreSQL shuffles ties), and unsaved preview steps have no pk.
    steps = sorted(
        collection.steps.select_related("practice"),
        key=lambda step: (step.sort_order is None, step.sort_order or 0, step.pk or 0),
    )
    listed = set(
        listed_pages()
        .filter(pk__in=[step.practice_id for step in steps])
        .values_list("pk", flat=True)
    )
    return [
        BookletStep(
            number=number,
            practice=step.practice,
            minutes=step.minutes or step.practice.minutes_max or step.practice.minutes_min,
            transition=step.transition,
            listed=step.practice_id in listed,
        )
        for number, step in enumerate(steps, start=1)
    ]


def total_minutes(steps: list[BookletStep]) -> int:
    return sum(step.minutes or 0 for step in steps)


def collection_page_context(collection: CollectionPage) -> dict:
    """Everything a collection page shows beyond its own fields. Reads only."""
    steps = collection_steps(collection)
    total = total_minutes(steps)
    return {
        "booklet_steps": steps,
        "total_minutes": total,
        "total_time": minutes_in_words(total),
        # Said aloud, so a facilitator planning the day knows the total is a floor.
        "untimed_steps": sum(1 for step in steps if not step.minutes),
        "library_url": library_url(collection),
    }
