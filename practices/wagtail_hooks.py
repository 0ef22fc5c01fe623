"""What the practice library adds to the Wagtail admin: a "Library" menu with the practices
listing (filtered by facet), practices due a review, what members sent in that waits for review,
and the snippets editors curate: facets, competencies, concepts, readings and funding sources.
At the end, what the library adds to the other apps through their hooks (README, "Extension
points: hooks")."""

from datetime import timedelta

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Count, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin import messages as admin_messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.ui.tables.pages import (
    BulkActionsColumn,
    PageStatusColumn,
    PageTitleColumn,
    PageTypeColumn,
)
from wagtail.admin.views.pages.listing import GenericPageFilterSet, IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Page, WorkflowState
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from convening.shared.admin_pages import SEEN_IN_ADMIN
from members.data_rights import DataExport, DataExportFiles
from members.models import Sector

from . import panels, profile_sections, submission_panels
from .library import (
    LIBRARY_PAGE_TYPES,
    curates_library,
    library_pages_seen_in_admin,
    visible_stories,
)
from .models import (
    CollectionPage,
    Competency,
    Concept,
    FundingSource,
    Participation,
    Perspective,
    Phase,
    PracticePage,
    Purpose,
    Reading,
    Scale,
    StoryPage,
    Tradition,
)
from .submissions import MEMBER_UPLOADS

LIBRARY_MENU = "register_library_menu_item"
STALE_AFTER = timedelta(days=365)


# Page listings -------------------------------------------------------------------------------


def stale(practices):
    """Practices due a review: never reviewed, last reviewed more than a year ago, or not
    edited for a year."""
    return practices.filter(
        Q(last_reviewed__isnull=True)
        | Q(last_reviewed__lt=timezone.localdate() - STALE_AFTER)
        | Q(latest_revision_created_at__lt=timezone.now() - STALE_AFTER)
    )


def waiting_for_review(pages):
    """Pages in a moderation workflow that has not finished: what members sent in, and drafts
    editors submitted for approval."""
    in_progress = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
        status=WorkflowState.STATUS_IN_PROGRESS,
    )
    return pages.filter(Exists(in_progress))


@hooks.register(SEEN_IN_ADMIN)
def leave_out_library_pages_not_seen(pages, user):
    """In the explorer, chooser, API, history and every view of a page: no page of the library
    beyond `library.library_pages_seen_in_admin`."""
    if curates_library(user):
        return pages
    seen = library_pages_seen_in_admin(user)
    hidden = Page.objects.type(*LIBRARY_PAGE_TYPES).exclude(pk__in=seen.values("pk"))
    return pages.exclude(pk__in=hidden.values("pk"))


class PageListingMenuItem(MenuItem):
    """Shown to people who curate the library; others would only meet a "permission denied"."""

    def is_shown(self, request):
        return curates_library(request.user)


class LibraryIndexView(IndexView):
    def dispatch(self, request, *args, **kwargs):
        if not curates_library(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class LibraryListingViewSet(PageListingViewSet):
    menu_hook = LIBRARY_MENU
    index_view_class = LibraryIndexView

    def get_menu_item(self, order=None):
        return PageListingMenuItem(
            label=self.menu_label,
            url=self.menu_url,
            name=self.menu_name,
            icon_name=self.menu_icon,
            order=self.get_menu_item_order(order),
        )


def _facet_filter(model, label):
    return django_filters.ModelMultipleChoiceFilter(
        label=label, queryset=model.objects.all(), widget=forms.CheckboxSelectMultiple
    )


class PracticeFilterSet(PageFilterSet):
    kind = django_filters.MultipleChoiceFilter(
        label="Kind", choices=PracticePage.Kind.choices, widget=forms.CheckboxSelectMultiple
    )
    purposes = _facet_filter(Purpose, "Purpose")
    phases = _facet_filter(Phase, "Phase")
    traditions = _facet_filter(Tradition, "Tradition")
    live = django_filters.BooleanFilter(label="Published", widget=BooleanRadioSelect)
    # Practices have no child pages and all live in one site: those filters would be noise.
    has_child_pages = None
    site = None

    class Meta:
        model = PracticePage
        fields = []


PRACTICE_COLUMNS = [
    BulkActionsColumn("bulk_actions"),
    PageTitleColumn("title", label="Title", sort_key="title", classname="title"),
    Column("kind", label="Kind", accessor="get_kind_display", sort_key="kind", width="14%"),
    DateColumn("last_reviewed", label="Last reviewed", sort_key="last_reviewed", width="14%"),
    DateColumn(
        "latest_revision_created_at",
        label="Updated",
        sort_key="latest_revision_created_at",
        width="14%",
    ),
    PageStatusColumn("status", label="Status", sort_key="live", width="12%"),
]


class PracticeListingViewSet(LibraryListingViewSet):
    model = PracticePage
    name = "library_practices"
    url_prefix = "library/practices"
    menu_label = "Practices"
    menu_icon = "list-ul"
    menu_order = 1
    columns = PRACTICE_COLUMNS
    filterset_class = PracticeFilterSet


class StalePracticesIndexView(LibraryIndexView):
    default_ordering = "last_reviewed"
    page_subtitle = "Not reviewed or edited for a year"

    def get_base_queryset(self):
        return stale(super().get_base_queryset())


class StalePracticeListingViewSet(LibraryListingViewSet):
    model = PracticePage
    name = "library_stale_practices"
    url_prefix = "library/practices-to-review"
    menu_label = "Practices due a review"
    menu_icon = "history"
    menu_order = 2
    index_view_class = StalePracticesIndexView
    columns = PRACTICE_COLUMNS
    filterset_class = PracticeFilterSet


class WaitingForReviewIndexView(LibraryIndexView):
    page_subtitle = "Stories and practices in moderation"

    def get_base_queryset(self):
        library_types = ContentType.objects.get_for_models(PracticePage, StoryPage, CollectionPage)
        pages = super().get_base_queryset().filter(content_type__in=list(library_types.values()))
        return waiting_for_review(pages)


class WaitingForReviewListingViewSet(LibraryListingViewSet):
    model = Page
    name = "library_waiting_for_review"
    url_prefix = "library/waiting-for-review"
    menu_label = "Waiting for review"
    menu_icon = "tasks"
    menu_order = 3
    index_view_class = WaitingForReviewIndexView
    filterset_class = GenericPageFilterSet
    columns = [
        BulkActionsColumn("bulk_actions"),
        PageTitleColumn("title", label="Title", sort_key="title", classname="title"),
        PageTypeColumn("type", label="Type", accessor="page_type_display_name", width="14%"),
        DateColumn(
            "latest_revision_created_at",
            label="Sent in or updated",
            sort_key="latest_revision_created_at",
            width="16%",
        ),
        PageStatusColumn("status", label="Status", width="14%"),
    ]


practice_listing = PracticeListingViewSet()
stale_practice_listing = StalePracticeListingViewSet()
waiting_for_review_listing = WaitingForReviewListingViewSet()


@hooks.register("register_admin_viewset")
def register_library_listings():
    return [practice_listing, stale_practice_listing, waiting_for_review_listing]


class WaitingForReviewSummaryItem(SummaryItem):
    """On the dashboard, beside Wagtail's own counts: how much waits for an editor's review."""

    order = 160

    def is_shown(self):
        return curates_library(self.request.user)

    def render_html(self, parent_context=None):
        pages = Page.objects.type(PracticePage, StoryPage, CollectionPage)
        count = waiting_for_review(pages).count()
        return format_html(
            '<li><svg class="icon icon-tasks" aria-hidden="true"><use href="#icon-tasks"></use>'
            '</svg><a href="{}">{} waiting for review</a></li>',
            reverse(waiting_for_review_listing.get_url_name("index")),
            count,
        )


@hooks.register("construct_homepage_summary_items")
def add_waiting_for_review(request, summary_items):
    summary_items.append(WaitingForReviewSummaryItem(request))


# Reviewing what waits in a workflow ---------------------------------------------------------------

APPROVE = "approve"


@hooks.register("construct_page_action_menu")
def approving_comes_first(menu_items, request, context):
    """For a reviewer of a page in review, "Approve and publish" is the main button and the
    plain "Publish" is gone: it would publish by cancelling the review, and the member who sent
    the page would never hear that it was approved."""
    names = [item.name for item in menu_items]
    if APPROVE not in names:
        return
    menu_items[:] = [item for item in menu_items if item.name != "action-publish"]
    menu_items.sort(key=lambda item: item.name != APPROVE)


@hooks.register("after_edit_page")
def say_an_approved_page_was_published(request, page):
    """Wagtail confirms every workflow action with "has been updated"; when the approval was
    the last step and the page went live, say so."""
    if request.POST.get("workflow-action-name") != APPROVE:
        return
    now = Page.objects.get(pk=page.pk)
    if not (now.live and now.live_revision_id == now.latest_revision_id):
        return
    # Iterating the messages consumes them (Django's documented behaviour); the others are
    # added back as they were, and Wagtail's "updated" is said again in its own way.
    title = page.get_admin_display_title()
    for message in list(messages.get_messages(request)):
        if "has been updated." in str(message.message):
            admin_messages.success(request, f"Page '{title}' has been approved and published.")
        else:
            messages.add_message(
                request, message.level, message.message, extra_tags=message.extra_tags
            )


# Snippets ----------------------------------------------------------------------------------------


class CompetencyPolicy(ModelPermissionPolicy):
    """Competencies are the standard's, loaded by a migration: editors may reword a title or a
    description, but nobody adds or deletes them in the admin."""

    FIXED = {"add", "delete"}

    def user_has_permission(self, user, action):
        return action not in self.FIXED and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a not in self.FIXED])


register_permission_policy(Competency, CompetencyPolicy(Competency))


class FacetViewSet(SnippetViewSet):
    """A facet editors extend: its name, slug, description and order in the filters."""

    list_display = [
        "name",
        "slug",
        "order",
        Column("uses", label="Used by", accessor="uses", sort_key="uses"),
    ]
    search_fields = ["name", "slug", "description"]
    search_backend_name = None  # facets are seeded by a migration, which the index never saw
    ordering = ["order", "name"]
    list_per_page = 50
    copy_view_enabled = False
    uses_relation = "practices"

    def get_queryset(self, request):
        return self.model.objects.annotate(uses=Count(self.uses_relation))


class PurposeViewSet(FacetViewSet):
    model = Purpose
    icon = "crosshairs"
    menu_order = 10


class PhaseViewSet(FacetViewSet):
    model = Phase
    icon = "order"
    menu_order = 11


class TraditionViewSet(FacetViewSet):
    model = Tradition
    icon = "openquote"
    menu_order = 12


class ScaleViewSet(FacetViewSet):
    model = Scale
    icon = "sliders"
    menu_order = 13


class ParticipationViewSet(FacetViewSet):
    model = Participation
    icon = "group"
    menu_order = 14


class PerspectiveViewSet(FacetViewSet):
    model = Perspective
    icon = "view"
    menu_order = 15
    uses_relation = "stories"


class CompetencyFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(
        choices=Competency.Kind.choices, widget=forms.RadioSelect, empty_label="All"
    )

    class Meta:
        model = Competency
        fields = []


class CompetencyViewSet(SnippetViewSet):
    model = Competency
    icon = "glasses"
    menu_order = 16
    list_display = ["code", "title", "kind"]
    search_fields = ["code", "title", "description"]
    ordering = ["order"]
    list_per_page = 50
    filterset_class = CompetencyFilterSet
    copy_view_enabled = False
    panels = [
        FieldPanel("code", read_only=True),
        FieldPanel("kind", read_only=True),
        FieldPanel("title"),
        FieldPanel("description"),
    ]


class ConceptViewSet(SnippetViewSet):
    model = Concept
    icon = "help"
    menu_order = 17
    list_display = [
        "name",
        "source",
        Column("uses", label="Used by", accessor="uses", sort_key="uses"),
    ]
    search_fields = ["name", "definition", "source"]
    search_backend_name = None
    ordering = ["name"]
    list_per_page = 50
    copy_view_enabled = False

    def get_queryset(self, request):
        return Concept.objects.annotate(uses=Count("practices"))


class ReadingFilterSet(WagtailFilterSet):
    free_to_read = django_filters.BooleanFilter(label="Free to read", widget=BooleanRadioSelect)

    class Meta:
        model = Reading
        fields = []


class ReadingViewSet(SnippetViewSet):
    model = Reading
    icon = "doc-full"
    menu_order = 18
    list_display = ["title", "authors", "year", "free_to_read"]
    search_fields = ["title", "authors", "summary"]
    ordering = ["title"]
    filterset_class = ReadingFilterSet
    panels = [
        FieldPanel("title"),
        FieldPanel("authors"),
        FieldPanel("year"),
        FieldPanel("url"),
        FieldPanel("summary"),
        FieldPanel("free_to_read"),
        FieldPanel("practices", widget=forms.CheckboxSelectMultiple),
    ]


class FundingSourceFilterSet(WagtailFilterSet):
    sectors = django_filters.ModelMultipleChoiceFilter(
        label="Sector", queryset=Sector.objects.all(), widget=forms.CheckboxSelectMultiple
    )
    deadline = django_filters.DateFromToRangeFilter(label="Deadline", widget=DateRangePickerWidget)
    rolling = django_filters.BooleanFilter(
        label="Rolling (no deadline)",
        field_name="deadline",
        lookup_expr="isnull",
        widget=BooleanRadioSelect,
    )

    class Meta:
        model = FundingSource
        fields = []


def deadline_or_rolling(source):
    return source.deadline or "Rolling"


class FundingSourceViewSet(SnippetViewSet):
    model = FundingSource
    icon = "table"
    menu_order = 19
    list_display = [
        "funder",
        "name",
        Column("deadline", label="Deadline", accessor=deadline_or_rolling, sort_key="deadline"),
        "region",
    ]
    search_fields = ["funder", "name", "what_they_fund", "region"]
    ordering = ["deadline", "funder"]
    filterset_class = FundingSourceFilterSet
    panels = [
        FieldPanel("funder"),
        FieldPanel("name"),
        FieldPanel("what_they_fund"),
        FieldPanel("url"),
        FieldPanel("deadline"),
        FieldPanel("region"),
        FieldPanel("sectors", widget=forms.CheckboxSelectMultiple),
    ]


class LibraryGroup(SnippetViewSetGroup):
    menu_label = "Library"
    menu_icon = "folder-open-1"
    menu_order = 150
    submenu_hook = LIBRARY_MENU
    items = (
        PurposeViewSet,
        PhaseViewSet,
        TraditionViewSet,
        ScaleViewSet,
        ParticipationViewSet,
        PerspectiveViewSet,
        CompetencyViewSet,
        ConceptViewSet,
        ReadingViewSet,
        FundingSourceViewSet,
    )


register_snippet(LibraryGroup)


# What the library adds to the other apps' pages (README, "Extension points: hooks"). -------

hooks.register("convening_dashboard_panels", panels.saved_practices_panel)
hooks.register("convening_dashboard_panels", panels.practices_used_panel)
hooks.register("convening_dashboard_panels", submission_panels.my_stories_panel)
hooks.register("convening_profile_sections", profile_sections.practices_i_use)


@hooks.register("convening_data_export")
def library_exports():
    return [
        DataExport(
            "saved_practices",
            panels.export_saved_practices,
            "The practices you saved to your list, and when.",
        ),
        DataExport(
            "practices_used",
            panels.export_practices_used,
            "The practices you said you have used: where, with how many people and what worked, "
            "as you wrote it.",
        ),
        DataExport(
            "stories",
            submission_panels.export_stories,
            "The stories you shared or are named as an author of, and the practices you "
            "suggested, with where each stands with the editors.",
        ),
    ]


@hooks.register("convening_data_export_files")
def library_export_files():
    return [
        DataExportFiles(submission_panels.export_story_images, "An image you shared with a story.")
    ]


# Saves and uses go with the user row, by cascade; stories need deciding.
hooks.register("convening_erasure", submission_panels.erase_stories)


@hooks.register("construct_image_chooser_queryset")
def member_uploads_only_for_curators(images, request):
    """The pictures members send with their stories wait in "Member uploads": until the story
    is published, only those who curate the library (and review it) see them in the chooser, as
    in the page chooser (#16, item 2)."""
    if curates_library(request.user):
        return images
    waiting = (
        images.model.objects.filter(collection__name=MEMBER_UPLOADS)
        .exclude(pk__in=visible_stories().values("image"))
        .values_list("pk", flat=True)
    )
    # A list, not a subquery: the chooser's search filters only on indexed fields.
    return images.exclude(pk__in=list(waiting))


class ImagesSeenAPI(ImagesAdminAPIViewSet):
    """The admin API's images, less the pictures members sent with stories not yet published,
    for those who do not curate the library: the chooser's rule (above)."""

    def get_queryset(self):
        return member_uploads_only_for_curators(super().get_queryset(), self.request)


# After Wagtail's own images app registers its endpoint, so this one takes its place.
@hooks.register("construct_admin_api", order=100)
def admin_api_answers_with_images_seen(router):
    router.register_endpoint("images", ImagesSeenAPI)
