"""The panels of a member's own space at /me/, the suggestions of onboarding and the sections
other apps add to a member's profile.

`members` is the lowest app and may not import the others, so each app contributes through a
Wagtail hook registered in its `wagtail_hooks.py` (README, "Extension points: hooks"):

- `convening_dashboard_panels`: `func(request) -> Panel | None`; None hides the panel.
- `convening_onboarding_suggestions`: `func(request) -> Panel | None`, shown at the end of
  onboarding.
- `convening_profile_sections`: `func(profile, viewer) -> Panel | None`, a section of member
  profiles (the practices a member uses...). It must show only what `viewer` may see.

Panels are shown in the order of their `Panel.order`, whatever the order of the hooks; a
`folded` panel shows only its title until opened.

/me/ opens with what is next, drawn from the same panels so that it costs no query of its own:
a dashboard panel may carry `coming_up` lines (the member's next gathering, circle session,
commitment) and `since_last_visit` lines (what changed since `last_visit(request)`), each a
`Line`."""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from wagtail import hooks


@dataclass(frozen=True)
class Line:
    """One line of "Coming up" or "Since your last visit": what it is, a link, when (shown in
    the viewer's time zone) and a note. Lines are shown in the order of `order`, as panels."""

    label: str
    link_text: str
    url: str
    when: datetime.datetime | None = None
    note: str = ""
    order: int = 100


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100
    # Less used panels start folded (`<details>`), so what is next stays near the top.
    folded: bool = False
    coming_up: list[Line] = field(default_factory=list)
    since_last_visit: list[Line] = field(default_factory=list)


@dataclass
class Dashboard:
    panels: list[Panel]
    coming_up: list[Line]
    since_last_visit: list[Line]
    last_visit: datetime.datetime | None


def _collect(hook_name, *args):
    panels = [panel for func in hooks.get_hooks(hook_name) if (panel := func(*args)) is not None]
    return sorted(panels, key=lambda panel: panel.order)


def last_visit(request) -> datetime.datetime | None:
    """When the member signed in before this time (kept on sign-in, never by a page view);
    None the first time."""
    return request.user.profile.previous_sign_in_at


def dashboard(request) -> Dashboard:
    panels = dashboard_panels(request)

    def lines(name):
        return sorted(
            (line for panel in panels for line in getattr(panel, name)), key=lambda x: x.order
        )

    return Dashboard(panels, lines("coming_up"), lines("since_last_visit"), last_visit(request))


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
        folded=True,
    )


def messages_panel(request):
    # The sender's name and the date: not the message, nor the rest of the sender's account.
    latest = list(
        request.user.messages_received.select_related("sender__profile").only(
            "created_at", "recipient", "sender__profile__display_name"
        )[:3]
    )
    since = last_visit(request)
    # Of the few shown (newest first), those that came after the last visit: enough to say who
    # wrote, without counting every message.
    new = [message for message in latest if since and message.created_at > since]
    news = []
    if new:
        names = ", ".join(dict.fromkeys(message.sender.profile.name for message in new))
        news.append(Line("New messages", f"From {names}", reverse("members:messages"), order=40))
    return Panel(
        "Messages",
        "members/panels/messages.html",
        {"latest": latest},
        order=30,
        since_last_visit=news,
    )


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
