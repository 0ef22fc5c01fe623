from .attendance import AccessNeeds, AccessProvision, Rsvp, RsvpQuerySet, SeriesRegular
from .calendar import CalendarFeed
from .harvest import Feedback
from .invitations import Invitation, hash_token
from .pages import (
    EventHost,
    EventIndexPage,
    EventPage,
    EventPageQuerySet,
    Series,
    TaggedGathering,
    validate_https,
)

__all__ = [
    "AccessNeeds",
    "AccessProvision",
    "CalendarFeed",
    "EventHost",
    "EventIndexPage",
    "EventPage",
    "EventPageQuerySet",
    "Feedback",
    "Invitation",
    "Rsvp",
    "RsvpQuerySet",
    "Series",
    "SeriesRegular",
    "TaggedGathering",
    "hash_token",
    "validate_https",
]
