"""What a person sees of the page tree in the Wagtail admin: never more than the site shows
them, plus what their role needs (#16, item 2).

Each app says it once for its own page types, through the `convening_admin_pages` hook (README,
"Extension points: hooks"): `(pages, user) -> pages`, the same pages, of any type, with those of
the app's types this person may not see left out. This module applies every app's rule wherever
Wagtail lists or shows pages: the explorer and the admin's page search, the page chooser (browse
and search), the admin API, the site-history report and its exports, and every view of one page
(edit, preview, view draft, history, revisions, copy, move...), which answer 404 for a page the
person may not see, as the site does."""

from django.http import Http404
from wagtail import hooks
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.admin.views.chooser import BrowseView
from wagtail.admin.views.pages.search import SearchView
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.coreutils import resolve_model_string
from wagtail.models import Page, PageLogEntry
from wagtail.permission_policies.pages import PagePermissionPolicy

SEEN_IN_ADMIN = "convening_admin_pages"

# The keyword arguments by which Wagtail's page views name the page they show.
PAGE_ID_KWARGS = ("page_id", "pk", "page_to_move_id", "parent_page_id")


def seen_in_admin(pages, user):
    """`pages` less those some app hides from `user` in the admin."""
    for leave_out_hidden in hooks.get_hooks(SEEN_IN_ADMIN):
        pages = leave_out_hidden(pages, user)
    return pages


def hidden_in_admin(user):
    """Every page `user` may not see in the admin, as a subquery."""
    return Page.objects.exclude(pk__in=seen_in_admin(Page.objects.all(), user).values("pk"))


def may_see_in_admin(user, page_id) -> bool:
    return seen_in_admin(Page.objects.filter(pk=page_id), user).exists()


def _only_if_seen(view):
    def view_of_a_page_seen(request, *args, **kwargs):
        for name in PAGE_ID_KWARGS:
            if name in kwargs and not may_see_in_admin(request.user, kwargs[name]):
                raise Http404
        return view(request, *args, **kwargs)

    return view_of_a_page_seen


class PagesSeenPolicy(PagePermissionPolicy):
    """Wagtail's page permissions, with the pages a person may explore narrowed to those they
    may see: for the admin's page search, which reads nothing else."""

    def explorable_instances(self, user):
        return seen_in_admin(super().explorable_instances(user), user)


class PageSearchSeen(SearchView):
    permission_policy = PagesSeenPolicy()


class PagesSeenInAdmin(PageViewSet):
    """Wagtail's views of pages of every type, each refusing (404) a page its person may not
    see. A page type with a viewset of its own must guard its views the same way."""

    model = Page
    search_view_class = PageSearchSeen

    def get_view_by_name(self, name):
        return _only_if_seen(super().get_view_by_name(name))


class PagesSeenAPI(PagesAdminAPIViewSet):
    """The admin API behind the explorer menu: its listings and details, and the parents that
    `child_of` and `descendant_of` may name, are the pages the person may see."""

    def get_base_queryset(self):
        return seen_in_admin(super().get_base_queryset(), self.request.user)


class PageChooserSeen(BrowseView):
    """The page chooser opens on a page its person may see: one named in the address, or the
    nearest page above every page of the types asked for that they may see."""

    def get(self, request, parent_page_id=None):
        if parent_page_id is not None:
            if not may_see_in_admin(request.user, parent_page_id):
                raise Http404
        elif request.GET.get("page_type"):
            try:
                types = [resolve_model_string(t) for t in request.GET["page_type"].split(",")]
            except (ValueError, LookupError) as e:
                raise Http404 from e
            if Page not in types:
                pages = seen_in_admin(Page.objects.type(*types), request.user)
                if pages.exists():
                    parent_page_id = pages.first_common_ancestor().pk
        return super().get(request, parent_page_id)


class SiteHistorySeen(LogEntriesView):
    """The site-history report (and its CSV and XLSX exports) without the history of pages the
    person may not see: their titles and who changed them."""

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if queryset.model is PageLogEntry and not self.request.user.is_superuser:
            queryset = queryset.exclude(page_id__in=hidden_in_admin(self.request.user))
        return queryset
