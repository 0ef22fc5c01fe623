"""The panels of a member's own space at /me/, the suggestions of onboarding and the sections
other apps add to a member's profile.

`members` is the lowest app and may not import the others, so each app contributes through a
Wagtail hook registered in its `wagtail_hooks.py` (README, "Extension points: hooks"):

- `convening_dashboard_panels`: `func(request) -> Panel | None`; None hides the panel.
- `convening_onboarding_suggestions`: `func(request) -> Panel | None`, shown at the end of
  onboarding.
- `convening_profile_sections`: `func(profile, viewer) -> Panel | None`, a section of member
  profiles (the practices a member uses...). It must show only what `viewer` may see.

Panels are shown in the order of their `Panel.order`, whatever the order of the hooks."""

from dataclasses import dataclass, field

from wagtail import hooks


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


def _collect(hook_name, *args):
    panels = [panel for func in hooks.get_hooks(hook_name) if (panel := func(*args)) is not None]
    return sorted(panels, key=lambda panel: panel.order)


def dashboard_panels(request):
    return _collect("convening_dashboard_panels", request)


def suggestions(request):
    return _collect("convening_onboarding_suggestions", request)


def profile_sections(profile, viewer):
    return _collect("convening_profile_sections", profile, viewer)


# The members app's own panels (registered in `members/wagtail_hooks.py`).


def profile_panel(request):
    return Panel("Your profile", "members/panels/profile.html", order=10)


def people_like_you_panel(request):
    from .directory import people_like

    return Panel(
        "People like you",
        "members/panels/people_like_you.html",
        {"people": people_like(request.user)},
        order=20,
    )


def messages_panel(request):
    # The sender's name and the date: not the message, nor the rest of the sender's account.
    latest = request.user.messages_received.select_related("sender__profile").only(
        "created_at", "recipient", "sender__profile__display_name"
    )[:3]
    return Panel("Messages", "members/panels/messages.html", {"latest": latest}, order=30)


def people_to_meet(request):
    from .directory import people_like, with_card_details
    from .models import Profile

    people = people_like(request.user) or list(
        with_card_details(Profile.objects.in_directory_for(request.user).without_staff()).order_by(
            "-created_at"
        )[:6]
    )
    return Panel(
        "People you might like to meet", "members/panels/people_like_you.html", {"people": people}
    )
