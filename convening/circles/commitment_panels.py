"""What a member said they would do, on their own /me/ page. Registered in
`convening/wagtail_hooks.py`."""

from django.urls import reverse
from django.utils.text import Truncator

from members.panels import Line, Panel

from .commitments import open_commitments

SHOWN = 10


def commitments_panel(request):
    commitments = list(
        open_commitments(request.user).select_related("session__circle")[: SHOWN + 1]
    )
    if not commitments:
        return None
    return Panel(
        "What you said you would do",
        "circles/sessions/commitments_panel.html",
        {"commitments": commitments[:SHOWN], "more": len(commitments) > SHOWN},
        order=35,
        coming_up=[_due(commitments[:SHOWN])],
    )


def _due(commitments) -> Line:
    """The commitment waiting longest of those shown (they come newest first): the one the
    member is most due to say how it went."""
    oldest = commitments[-1]
    session = oldest.session
    return Line(
        "You said you would",
        Truncator(oldest.text).chars(80),
        reverse("circles:commitment_outcome", args=[oldest.pk]),
        note=f"after {session.circle.name}, session {session.number}" if session else "",
        order=30,
    )
