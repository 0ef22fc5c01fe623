"""The panels of a member's own space at /me/ and the suggestions of onboarding.

Each app registers its own panel here (upcoming gatherings, circles, stories...), because
`members` is the lowest app and may not import the others."""

from dataclasses import dataclass, field


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


_dashboard = []
_suggestions = []
_profile_sections = []


def register_dashboard_panel(func):
    """`func(request) -> Panel | None`; None hides the panel."""
    _dashboard.append(func)
    return func


def register_suggestion(func):
    """`func(request) -> Panel | None`, shown at the end of onboarding."""
    _suggestions.append(func)
    return func


def register_profile_section(func):
    """`func(profile, viewer) -> Panel | None`: a section another app adds to member profiles
    (the practices a member uses...). It must show only what `viewer` may see."""
    _profile_sections.append(func)
    return func


def profile_sections(profile, viewer):
    sections = [section for func in _profile_sections if (section := func(profile, viewer))]
    return sorted(sections, key=lambda section: section.order)


def _collect(funcs, request):
    panels = [panel for func in funcs if (panel := func(request)) is not None]
    return sorted(panels, key=lambda panel: panel.order)


def dashboard_panels(request):
    return _collect(_dashboard, request)


def suggestions(request):
    return _collect(_suggestions, request)


# The members app's own panels.


@register_dashboard_panel
def profile_panel(request):
    return Panel("Your profile", "members/panels/profile.html", order=10)


@register_dashboard_panel
def people_like_you_panel(request):
    from .directory import people_like

    return Panel(
        "People like you",
        "members/panels/people_like_you.html",
        {"people": people_like(request.user)},
        order=20,
    )


@register_dashboard_panel
def messages_panel(request):
    latest = request.user.messages_received.select_related("sender__profile")[:3]
    return Panel("Messages", "members/panels/messages.html", {"latest": latest}, order=30)


@register_suggestion
def people_to_meet(request):
    from .directory import people_like, with_card_details
    from .models import Profile

    people = people_like(request.user) or list(
        with_card_details(Profile.objects.in_directory_for(request.user)).order_by("-created_at")[
            :6
        ]
    )
    return Panel(
        "People you might like to meet", "members/panels/people_like_you.html", {"people": people}
    )
