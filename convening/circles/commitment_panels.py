"""What a member said they would do, on their own /me/ page. Registered in
`convening/wagtail_hooks.py`."""

from members.panels import Panel

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
    )
