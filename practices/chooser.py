""" "Where do I start?": four plain questions whose answers become the library's own filters,
so the suggestions are exactly what the library shows for them, and the link to "see them all"
is an ordinary library address that can be shared."""

from dataclasses import dataclass, field

from django import forms

from .library import (
    TIME_BAND_CHOICES,
    FacetField,
    PracticeCard,
    browse,
    first_collection_for,
    library_filters,
)
from .models import CollectionPage, Purpose

SUGGESTED = 6

# Shortest first: the timed bands, then several sessions, then a programme.
_BANDS_BY_LENGTH = [value for value, _ in TIME_BAND_CHOICES]

# How much time people have, and the time bands that fit in it: anything up to that long.
TIME_ANSWERS = {
    "short": ("Up to an hour and a half", _BANDS_BY_LENGTH[:2]),
    "half-day": ("Up to half a day", _BANDS_BY_LENGTH[:3]),
    "day": ("A day or so", _BANDS_BY_LENGTH[:5]),
    "sessions": ("Several sessions over a few weeks", _BANDS_BY_LENGTH[:6]),
    "programme": ("A programme over months", _BANDS_BY_LENGTH),
}

SITUATION_ANSWERS = {
    "settled": "Fairly settled: people broadly agree what the problem is",
    "contested": "Contested: people see it, and what to do, very differently",
}


class WhereToStart(forms.Form):
    """The four questions. Every answer is optional, and one that does not fit is ignored."""

    purpose = FacetField(
        label="What are you trying to do?",
        help_text="Choose one or more.",
    )
    situation = forms.ChoiceField(
        label="How settled or contested is the situation?",
        choices=[("", "Not sure"), *SITUATION_ANSWERS.items()],
        required=False,
        widget=forms.RadioSelect,
    )
    time = forms.ChoiceField(
        label="How much time do you have?",
        choices=[("", "Not sure yet"), *((key, label) for key, (label, _) in TIME_ANSWERS.items())],
        required=False,
        widget=forms.RadioSelect,
    )
    people = forms.IntegerField(
        label="How many people will take part?",
        required=False,
        min_value=1,
        max_value=10_000,
    )

    def __init__(self, data=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(data, **kwargs)
        self.fields["purpose"].choices = list(Purpose.objects.values_list("slug", "name"))

    def answers(self) -> dict:
        """The valid answers, nothing else; {} for a form not yet answered."""
        if not self.is_bound:
            return {}
        self.is_valid()
        self.errors.clear()
        return {name: value for name, value in self.cleaned_data.items() if value}


# The answers set aside, least important first, when nothing fits all of them.
LOOSENED_IN_TURN = [
    ("people", "how many people"),
    ("time", "how much time"),
    ("situation", "how settled the situation is"),
]


@dataclass
class Suggestions:
    practices: list[PracticeCard]
    total: int
    collection: CollectionPage | None
    library_query: str
    set_aside: list[str] = field(default_factory=list)


def library_answers(answers: dict) -> dict:
    """The chooser's answers as the library's filters, most used practices first."""
    wanted = {"sort": "most-used"}
    if answers.get("purpose"):
        wanted["purpose"] = answers["purpose"]
    if answers.get("situation") in SITUATION_ANSWERS:
        wanted["situation"] = [answers["situation"]]
    if answers.get("time") in TIME_ANSWERS:
        wanted["time"] = TIME_ANSWERS[answers["time"]][1]
    if answers.get("people"):
        wanted["people"] = answers["people"]
    return wanted


def suggest(
    answers: dict, *, limit: int = SUGGESTED, library_url: str | None = None
) -> Suggestions:
    """Up to `limit` practices for the answers, through the library's own `browse()`, and the
    collection to begin with. When nothing fits every answer, the least important answers are
    set aside one by one (group size, then time, then the situation) and `set_aside` says
    which. Reads only."""
    wanted = library_answers(answers)
    set_aside = []
    results = browse(
        library_filters(**wanted), per_page=limit, with_counts=False, library_url=library_url
    )
    for name, words in LOOSENED_IN_TURN:
        if results.total:
            break
        if name in wanted:
            del wanted[name]
            set_aside.append(words)
            results = browse(
                library_filters(**wanted),
                per_page=limit,
                with_counts=False,
                library_url=library_url,
            )
    practices = results.items
    return Suggestions(
        practices=practices,
        total=results.total,
        collection=first_collection_for(practices),
        library_query=results.query,
        set_aside=set_aside,
    )
