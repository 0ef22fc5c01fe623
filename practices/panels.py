"""What the library adds to a member's own space: their saved practices and the practices they
have used (with their notes) on /me/, and their saves and uses in the data download.
Registered in `practices/wagtail_hooks.py`.

Deleting an account needs no erasure here: saves and uses go with the user row, by cascade."""

from django.db.models import F
from django.template.defaultfilters import pluralize

from members.panels import Line, Panel, last_visit

from .library import published_since
from .models import PracticeIndexPage, PracticeUse, SavedPractice
from .records import practices_used, saved_practices

# A long list belongs on its own page; the dashboard shows the most recent.
SAVED_SHOWN = 20
USED_SHOWN = 20


def _library_url(request) -> str:
    """The library's address, looked up once per request: both panels link to it, and to the
    practices in it, whose pages are always its children (`parent_page_types`)."""
    if not hasattr(request, "_library_url"):
        library = PracticeIndexPage.objects.live().only("url_path").first()
        request._library_url = library.url if library else ""
    return request._library_url


def _listed(rows, library_url) -> list[dict]:
    """Rows with the practice's `title` and `slug`, each given its page's `url`."""
    for row in rows:
        row["url"] = f"{library_url}{row['slug']}/"
    return rows


def saved_practices_panel(request):
    library_url = _library_url(request)
    saved = _listed(
        saved_practices(request.user).values(title=F("practice__title"), slug=F("practice__slug"))[
            : SAVED_SHOWN + 1
        ],
        library_url,
    )
    return Panel(
        "Saved practices",
        "practices/panels/saved_practices.html",
        {
            "saved": saved[:SAVED_SHOWN],
            "more": len(saved) > SAVED_SHOWN,
            "library_url": library_url,
        },
        order=40,
        folded=True,
        since_last_visit=_new_in_the_library(request, library_url),
    )


def _new_in_the_library(request, library_url) -> list[Line]:
    since = last_visit(request)
    if since is None or not library_url:
        return []
    practices, stories = published_since(since)
    parts = []
    if practices:
        parts.append(f"{practices} practice{pluralize(practices)}")
    if stories:
        parts.append(f"{stories} stor{pluralize(stories, 'y,ies')}")
    if not parts:
        return []
    return [Line("New in the library", " and ".join(parts), library_url, order=10)]


def practices_used_panel(request):
    library_url = _library_url(request)
    used = _listed(
        practices_used(request.user).values(
            "where", "group_size", "note", title=F("practice__title"), slug=F("practice__slug")
        )[: USED_SHOWN + 1],
        library_url,
    )
    return Panel(
        "Practices you have used",
        "practices/panels/practices_used.html",
        {
            "used": used[:USED_SHOWN],
            "more": len(used) > USED_SHOWN,
            "library_url": library_url,
        },
        # Open: what members have used is theirs to find again at once (issue #21, item 1).
        order=42,
    )


def export_saved_practices(user) -> list:
    return [
        {
            "practice": saved.practice.title,
            "address": saved.practice.full_url,
            "saved_at": saved.created_at,
        }
        for saved in SavedPractice.objects.filter(member=user)
        .select_related("practice")
        .order_by("created_at")
    ]


def export_practices_used(user) -> list:
    return [
        {
            "practice": use.practice.title,
            "address": use.practice.full_url,
            "where": use.where,
            "group_size": use.group_size,
            "what_worked": use.note,
            "recorded_at": use.created_at,
            "updated_at": use.updated_at,
        }
        for use in PracticeUse.objects.filter(member=user)
        .select_related("practice")
        .order_by("created_at")
    ]
