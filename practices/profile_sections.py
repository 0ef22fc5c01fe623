"""What the library adds to a member's profile."""

from members.panels import Panel

from .models import PracticePage


def practices_i_use(profile, viewer):
    practices = list(
        PracticePage.objects.live()
        .public()
        .filter(uses__member_id=profile.user_id)
        .order_by("title")
        .only("title", "url_path")
    )
    if not practices:
        return None
    return Panel(
        "Practices I use", "practices/panels/practices_i_use.html", {"practices": practices}
    )
