"""What gatherings add to the Wagtail admin: a "Gatherings" menu with every gathering and the
series they belong to, an "Add the next dates" action on each date of a series, and a warning
(never a refusal) when a gathering is saved with a start in the past. At the end, what
gatherings add to the other apps through their hooks (README, "Extension points: hooks")."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.ui.tables.pages import BulkActionsColumn, PageStatusColumn, PageTitleColumn
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import page_permission_policy, register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    DeleteView,
    EditView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from convening.shared.admin_pages import SEEN_IN_ADMIN
from members.data_rights import DataExport
from members.notifications import SecretLink

from . import digest, hosting, invitations, panels, rules, usage
from .admin_views import AddNextDatesView
from .models import EventIndexPage, EventPage, Series

GATHERINGS_MENU = "register_gatherings_menu_item"
NEXT_DATES_URL = "events_add_next_dates"


def may_add_gatherings(user) -> bool:
    """Hosts, editors and superusers: whoever may add pages under /gatherings/."""
    if not user.is_authenticated or not user.is_active:
        return False
    cached = getattr(user, "_may_add_gatherings", None)
    if cached is None:
        index = EventIndexPage.objects.first()
        cached = bool(index and index.permissions_for_user(user).can_add_subpage())
        user._may_add_gatherings = cached
    return cached


# Series ----------------------------------------------------------------------------------------


class SeriesPolicy(ModelPermissionPolicy):
    """Series belong with the gatherings: whoever may add gatherings may add and edit series,
    without a permission of their own to hand out."""

    def user_has_permission(self, user, action):
        return super().user_has_permission(user, action) or may_add_gatherings(user)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, actions) or may_add_gatherings(user)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        index = EventIndexPage.objects.first()
        hosts = (
            page_permission_policy.users_with_any_permission_for_instance(["add"], index)
            if index
            else users.none()
        )
        granted = super().users_with_any_permission(actions)
        return users.filter(Q(pk__in=granted.values("pk")) | Q(pk__in=hosts.values("pk")))

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        # One series, one owner set: a host changes or deletes only the series they started or
        # whose gatherings they host (`rules.may_change_series`).
        if not self.user_has_any_permission(user, actions):
            return False
        if set(actions) <= {"add", "view"}:
            return True
        return rules.may_change_series(user, instance)


register_permission_policy(Series, SeriesPolicy(Series))


class InstancePermissionMixin:
    """Wagtail's edit and delete views ask the policy about the model only: ask about this
    series too, before showing or saving anything."""

    def get_object(self, queryset=None):
        series = super().get_object(queryset)
        if not self.user_has_permission_for_instance(self.permission_required, series):
            raise PermissionDenied
        return series


class SeriesEditView(InstancePermissionMixin, EditView):
    pass


class SeriesDeleteView(InstancePermissionMixin, DeleteView):
    pass


@hooks.register("after_create_snippet")
def remember_who_started_a_series(request, instance):
    if isinstance(instance, Series) and instance.created_by_id is None:
        Series.objects.filter(pk=instance.pk).update(created_by=request.user)


class SeriesViewSet(SnippetViewSet):
    model = Series
    icon = "rotate"
    menu_label = "Series"
    menu_order = 2
    list_display = [
        "name",
        Column("cadence", label="How often", accessor="get_cadence_display", sort_key="cadence"),
        Column("dates", label="Dates", accessor="dates", sort_key="dates"),
        Column("regular_count", label="Regulars", accessor="regular_count"),
    ]
    search_fields = ["name", "description"]
    search_backend_name = None
    ordering = ["name"]
    copy_view_enabled = False
    edit_view_class = SeriesEditView
    delete_view_class = SeriesDeleteView

    def get_queryset(self, request):
        return Series.objects.annotate(
            dates=Count("gatherings", distinct=True),
            regular_count=Count("regulars", distinct=True),
        )


# Gatherings ------------------------------------------------------------------------------------


class GatheringsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_add_gatherings(request.user) or page_permission_policy.user_has_any_permission(
            request.user, ["change", "publish"]
        )


@hooks.register(SEEN_IN_ADMIN)
def leave_out_gatherings_not_seen(pages, user):
    """In the explorer, chooser, API, history and every view of a page: no gathering beyond
    `rules.gatherings_seen_in_admin`."""
    if user.is_active and user.is_superuser:
        return pages
    seen = rules.gatherings_seen_in_admin(user)
    return pages.exclude(pk__in=EventPage.objects.exclude(pk__in=seen.values("pk")).values("pk"))


class GatheringIndexView(IndexView):
    def get_base_queryset(self):
        seen = rules.gatherings_seen_in_admin(self.request.user)
        return super().get_base_queryset().filter(pk__in=seen.values("pk"))


class GatheringListingViewSet(PageListingViewSet):
    model = EventPage
    index_view_class = GatheringIndexView
    name = "gatherings"
    url_prefix = "gatherings/all"
    menu_label = "All gatherings"
    menu_icon = "date"
    menu_order = 1
    menu_hook = GATHERINGS_MENU
    columns = [
        BulkActionsColumn("bulk_actions"),
        PageTitleColumn("title", label="Title", sort_key="title", classname="title"),
        DateColumn("starts_at", label="Starts", sort_key="starts_at", width="14%"),
        Column("series", label="Series", accessor="series", width="16%"),
        Column("visibility", label="Who may see it", accessor="get_visibility_display"),
        Column("state", label="Gathering", accessor="get_status_display", sort_key="status"),
        PageStatusColumn("status", label="Page", sort_key="live", width="12%"),
    ]

    def get_menu_item(self, order=None):
        return GatheringsMenuItem(
            label=self.menu_label,
            url=self.menu_url,
            name=self.menu_name,
            icon_name=self.menu_icon,
            order=self.get_menu_item_order(order),
        )


gathering_listing = GatheringListingViewSet()


@hooks.register("register_admin_viewset")
def register_gathering_listing():
    return gathering_listing


class GatheringsGroup(SnippetViewSetGroup):
    menu_label = "Gatherings"
    menu_icon = "date"
    menu_order = 140
    submenu_hook = GATHERINGS_MENU
    items = (SeriesViewSet,)


register_snippet(GatheringsGroup)


# "Add the next dates" --------------------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_next_dates_url():
    return [
        path(
            "gatherings/<id:page_id>/next-dates/",
            AddNextDatesView.as_view(),
            name=NEXT_DATES_URL,
        )
    ]


def _next_dates_button(page, user, priority):
    if page.specific_class is not EventPage:
        return None
    event = page if isinstance(page, EventPage) else page.specific_deferred
    # Every gathering lives under the one index: asking once per person (cached) keeps a
    # listing of many dates from asking about each one's parent. Then `series.may_add_dates`'s
    # own rule: only the gathering's hosts, editors and superusers.
    if not event.series_id or not may_add_gatherings(user) or not rules.may_manage(user, event):
        return None
    return Button(
        "Add the next dates",
        reverse(NEXT_DATES_URL, args=[page.pk]),
        icon_name="date",
        priority=priority,
    )


@hooks.register("register_page_header_buttons")
def next_dates_header_button(page, user, view_name, next_url=None):
    if button := _next_dates_button(page, user, priority=35):
        yield button


@hooks.register("register_page_listing_more_buttons")
def next_dates_listing_button(page, user, next_url=None):
    if button := _next_dates_button(page, user, priority=25):
        yield button


# A start in the past: a warning, not a refusal (hosts record past gatherings for their harvest).


def _warn_if_in_the_past(request, page):
    when = timezone.localtime(page.starts_at, page.zone)
    messages.warning(
        request,
        f"{page.title} starts in the past ({when:%A} {when.day} {when:%B %Y}, {when:%H:%M} "
        f"{page.time_zone}). Check the date: nobody can reply to a gathering that is over.",
    )


@hooks.register("after_create_page")
def warn_of_a_new_gathering_in_the_past(request, page):
    if isinstance(page, EventPage) and page.starts_at < timezone.now():
        _warn_if_in_the_past(request, page)


@hooks.register("before_edit_page")
def remember_when_it_started(request, page):
    if isinstance(page, EventPage):
        request._gathering_started_at = page.starts_at


# Who hosts a gathering: the form lets only its hosts and superusers change it (admin_forms);
# each change is logged and told to the hosts it had.


@hooks.register("before_edit_page")
def remember_who_hosted_it(request, page):
    if isinstance(page, EventPage):
        current = page.get_latest_revision_as_object()
        request._gathering_hosts = {host.member_id for host in current.hosts.all()}


@hooks.register("after_edit_page")
def record_a_change_of_hosts(request, page):
    before = getattr(request, "_gathering_hosts", None)
    if isinstance(page, EventPage) and before is not None:
        after = {host.member_id for host in page.hosts.all()}
        hosting.hosts_changed(page, by=request.user, before=before, after=after)


@hooks.register("register_log_actions")
def gathering_log_actions(actions):
    @actions.register_action(hosting.HOSTS_CHANGED)
    class HostsChanged(LogFormatter):
        label = "Change the hosts"

        def format_message(self, log_entry):
            data = log_entry.data or {}
            parts = []
            if data.get("added"):
                parts.append("added " + ", ".join(data["added"]))
            if data.get("removed"):
                parts.append("removed " + ", ".join(data["removed"]))
            return "Hosts changed: " + ("; ".join(parts) or "no one")


@hooks.register("after_edit_page")
def warn_of_a_gathering_moved_into_the_past(request, page):
    # Editing a past gathering (its harvest) is normal; moving one into the past is not.
    if not isinstance(page, EventPage) or page.starts_at >= timezone.now():
        return
    before = getattr(request, "_gathering_started_at", None)
    if before != page.starts_at or not page.first_published_at:
        _warn_if_in_the_past(request, page)


# What gatherings add to the other apps' pages (README, "Extension points: hooks"). ---------

hooks.register("convening_dashboard_panels", panels.my_gatherings_panel)
hooks.register("convening_profile_sections", panels.gatherings_we_share)
hooks.register("convening_digest_sections", digest.upcoming_gatherings)
hooks.register("convening_practice_usage", usage.used_at_gatherings)


@hooks.register("convening_data_export")
def gathering_exports():
    return [
        DataExport(
            "gathering_replies",
            panels.export_replies,
            "Your replies to gatherings, with the needs and questions you gave the hosts.",
        ),
        DataExport(
            "access_needs",
            panels.export_access_needs,
            "The access and hospitality needs you keep for reuse at each reply.",
        ),
        DataExport(
            "invitations", panels.export_invitations, "Invitations to gatherings you received."
        ),
        DataExport(
            "gathering_feedback", panels.export_feedback, "Feedback you gave after gatherings."
        ),
    ]


hooks.register("convening_erasure", panels.forget_gatherings)


@hooks.register("convening_secret_links")
def invitation_links():
    return SecretLink(invitations.INVITATION_KEY, invitations.link_for_member_email)
