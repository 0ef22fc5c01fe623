"""Members and reports in the Wagtail admin.

Staff look after accounts here, but members own their profiles: nothing a member wrote can be
edited here, and a field a member hid ("Only me") is never shown, searched or exported."""

from django import forms
from django.contrib import messages
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Q, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.views.generic import TemplateView
from django_filters import BooleanFilter, DateFromToRangeFilter, ModelChoiceFilter
from wagtail.admin.admin_url_finder import ModelAdminURLFinder, register_admin_url_finder
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.admin.widgets.button import Button, HeaderButton

from members.accounts import (
    DEACTIVATE_PERMISSION,
    AccountChangeRefused,
    account_change_refusal,
    deactivate_member,
    reactivate_member,
)
from members.models import Profile, Report, Sector, User
from members.visibility import Visibility, narrowest

MEMBERS_GROUP = "Members"


# Who may see what ------------------------------------------------------------------------------


def shown_in_admin(profile, field):
    """Whether the admin may show a member's field: only what a signed-in member could see.

    `field` is "profile" (headline and bio follow the profile's own setting) or one of the
    sensitive fields with their own setting: "contact", "organisation", "lived_experience".
    Staff could see more on the site, but the admin lists many members at once, so it keeps to
    what each member chose to share with the community."""
    if field == "profile":
        return profile.visibility != Visibility.PRIVATE
    return narrowest(getattr(profile, f"{field}_visibility"), profile.visibility) != (
        Visibility.PRIVATE
    )


def _shown_q(field):
    # The query form of `shown_in_admin`, so searching cannot confirm a hidden value.
    not_private = ~Q(visibility=Visibility.PRIVATE)
    if field == "profile":
        return not_private
    return not_private & ~Q(**{f"{field}_visibility": Visibility.PRIVATE})


def roles_of(profile):
    """The member's roles: their groups apart from "Members" (every verified person)."""
    roles = [group.name for group in profile.user.groups.all() if group.name != MEMBERS_GROUP]
    if profile.user.is_superuser:
        roles.insert(0, "Superuser")
    return ", ".join(roles)


def _plain_role(user):
    # Everyone verified is in "Members"; anyone else has not confirmed their address yet.
    in_members = any(group.name == MEMBERS_GROUP for group in user.groups.all())
    return "Member" if in_members else "None (email address not confirmed)"


def sectors_of(profile):
    return ", ".join(sector.name for sector in profile.sectors.all())


def place_of(profile):
    return ", ".join(part for part in (profile.region, profile.country) if part)


def account_state(user):
    return "Active" if user.is_active else "Deactivated"


def reports_about(profile):
    """Reports whose subject is this member, whether made against their account or profile."""
    user_type = ContentType.objects.get_for_model(User)
    profile_type = ContentType.objects.get_for_model(Profile)
    return Report.objects.filter(
        Q(content_type=user_type, object_id=str(profile.user_id))
        | Q(content_type=profile_type, object_id=str(profile.pk))
    )


def _day(value):
    return date_format(localtime(value), "j M Y") if value else ""


# Members ---------------------------------------------------------------------------------------


class MemberFilterSet(WagtailFilterSet):
    role = ModelChoiceFilter(
        label="Role", field_name="user__groups", queryset=Group.objects.order_by("name")
    )
    sector = ModelChoiceFilter(label="Sector", field_name="sectors", queryset=Sector.objects.all())
    joined = DateFromToRangeFilter(
        label="Joined", field_name="user__date_joined", widget=DateRangePickerWidget
    )
    active = BooleanFilter(
        label="Account active", field_name="user__is_active", widget=BooleanRadioSelect
    )

    class Meta:
        model = Profile
        fields = []


class MemberIndexView(IndexView):
    def get_base_queryset(self):
        return Profile.objects.select_related("user").prefetch_related("sectors", "user__groups")

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        term = self.search_query
        return queryset.filter(
            Q(display_name__icontains=term)
            | Q(user__email__icontains=term)
            | (Q(headline__icontains=term) & _shown_q("profile"))
            | (Q(organisation__icontains=term) & _shown_q("organisation"))
        )

    @cached_property
    def columns(self):
        columns = super().columns
        columns[0].label = "Name"
        return columns

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if button := account_button(self.request.user, instance, Button):
            buttons.append(button)
        return buttons


def account_button(viewer, profile, button_class):
    """The deactivate or reactivate button for `profile`, if `viewer` may press it."""
    user = profile.user
    verb = "deactivate" if user.is_active else "reactivate"
    if account_change_refusal(user, by=viewer, verb=verb):
        return None
    return button_class(
        "Deactivate account" if user.is_active else "Reactivate account",
        url=reverse(f"{MemberViewSet.name}:{verb}", args=[profile.pk]),
        icon_name="cross" if user.is_active else "check",
        priority=40,
    )


class MemberInspectView(InspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(
            Profile.objects.select_related("user").prefetch_related("sectors", "user__groups"),
            pk=self.pk,
        )

    def get_fields_context(self):
        profile, user = self.object, self.object.user
        rows = [
            ("Name", profile.name),
            ("Email", user.email),
            ("Role", roles_of(profile) or _plain_role(user)),
            ("Sectors", sectors_of(profile)),
            ("Place", place_of(profile)),
            ("Joined", _day(user.date_joined)),
            ("Last signed in", _day(user.last_login) or "Never"),
            ("Account", account_state(user)),
            ("Profile visible to", profile.get_visibility_display()),
            ("Reports about this member", reports_about(profile).count()),
        ]
        if shown_in_admin(profile, "profile"):
            rows += [("Headline", profile.headline), ("Bio", profile.bio)]
        if shown_in_admin(profile, "organisation"):
            rows.append(("Organisation", profile.organisation))
        if shown_in_admin(profile, "contact"):
            rows += [
                ("Website", profile.website),
                ("LinkedIn", profile.linkedin),
                ("Mastodon or Bluesky", profile.social),
            ]
        if shown_in_admin(profile, "lived_experience"):
            rows.append(("Lived experience", profile.lived_experience))
        return [
            {"label": label, "value": "" if value is None else value, "component": None}
            for label, value in rows
        ]

    @cached_property
    def header_buttons(self):
        button = account_button(self.request.user, self.object, HeaderButton)
        return [button] if button else []


class AccountChangeView(WagtailAdminTemplateMixin, TemplateView):
    """Asks for confirmation on GET; on POST deactivates or reactivates the member's account."""

    verb = "deactivate"  # or "reactivate"
    template_name = "wagtailadmin/generic/form.html"
    header_icon = "group"
    index_url_name = None
    inspect_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(DEACTIVATE_PERMISSION):
            raise PermissionDenied
        self.profile = get_object_or_404(Profile.objects.select_related("user"), pk=kwargs["pk"])
        refusal = account_change_refusal(self.profile.user, by=request.user, verb=self.verb)
        if refusal:
            messages.error(request, refusal)
            return redirect(self.inspect_url)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def inspect_url(self):
        return reverse(self.inspect_url_name, args=[self.profile.pk])

    def get_page_title(self):
        return f"{self.verb.capitalize()} {self.profile.name}'s account?"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": "Members"},
            {"url": self.inspect_url, "label": self.profile.name},
            {"url": "", "label": self.verb.capitalize()},
        ]

    def explanation(self):
        if self.verb == "deactivate":
            return format_html(
                "<p>{} will be signed out at once and will not be able to sign in. Their profile "
                "is hidden from everyone but staff. Nothing is deleted, and you can reactivate "
                "the account later.</p>",
                self.profile.name,
            )
        return format_html(
            "<p>{} will be able to sign in again, and their profile is shown as they chose.</p>",
            self.profile.name,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = forms.Form()
        panel = HelpPanel(content=self.explanation()).bind_to_model(Profile)
        context.update(
            form=form,
            panel=panel.get_bound_panel(instance=self.profile, request=self.request, form=form),
            action_url=self.request.path,
            submit_button_label=f"Yes, {self.verb}",
            submit_button_active_label=f"{self.verb.capitalize()[:-1]}ing…",
            has_unsaved_changes=False,
        )
        return context

    def post(self, request, *args, **kwargs):
        change = deactivate_member if self.verb == "deactivate" else reactivate_member
        try:
            change(self.profile.user, by=request.user)
        except AccountChangeRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"{self.profile.name}'s account is {self.verb}d.")
        return redirect(self.inspect_url)


class MemberViewSet(ModelViewSet):
    """Members' accounts for staff: a listing, a page per member, and (de)activation. There is
    no add, edit or delete: people sign up themselves and own their profiles."""

    model = Profile
    # Not "members": that namespace belongs to the site's own member pages (members:directory).
    name = "members_admin"
    url_prefix = "members"
    menu_label = "Members"
    icon = "group"
    add_to_admin_menu = True
    menu_order = 300
    add_to_reference_index = False
    index_view_class = MemberIndexView
    inspect_view_class = MemberInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    search_backend_name = None
    search_fields = ["display_name"]  # turns search on; MemberIndexView does the searching
    filterset_class = MemberFilterSet
    list_display = [
        "display_name",
        Column("role", label="Role", accessor=roles_of),
        Column("sectors", label="Sectors", accessor=sectors_of),
        Column("place", label="Place", accessor=place_of),
        Column(
            "joined",
            label="Joined",
            accessor=lambda profile: _day(profile.user.date_joined),
            sort_key="user__date_joined",
        ),
        Column("active", label="Account", accessor=lambda profile: account_state(profile.user)),
    ]
    list_per_page = 50

    def get_common_view_kwargs(self, **kwargs):
        # No create, edit or delete views exist, so no view may link to them.
        return super().get_common_view_kwargs(
            add_url_name=None,
            edit_url_name=None,
            delete_url_name=None,
            history_url_name=None,
            usage_url_name=None,
            **kwargs,
        )

    def register_admin_url_finder(self):
        # Wagtail links to an object's edit view; a member's page here is the inspect view.
        finder = type(
            "MemberAdminURLFinder",
            (ModelAdminURLFinder,),
            {"edit_url_name": self.get_url_name("inspect")},
        )
        register_admin_url_finder(self.model, finder)

    def get_permissions_to_register(self):
        # Only what this admin can do, so the group editor offers no boxes that do nothing.
        return (
            super()
            .get_permissions_to_register()
            .filter(codename__in=["view_profile", "deactivate_member"])
        )

    def account_change_view(self, verb):
        return AccountChangeView.as_view(
            verb=verb,
            index_url_name=self.get_url_name("index"),
            inspect_url_name=self.get_url_name("inspect"),
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<id:pk>/", self.inspect_view, name="inspect"),
            path("deactivate/<id:pk>/", self.account_change_view("deactivate"), name="deactivate"),
            path("reactivate/<id:pk>/", self.account_change_view("reactivate"), name="reactivate"),
        ]


# Reports ---------------------------------------------------------------------------------------


def reporter_name(report):
    profile = getattr(report.reporter, "profile", None)
    return profile.name if profile else "A former member"


class ReportIndexView(IndexView):
    def get_base_queryset(self):
        # Open reports first (they need someone), then the newest.
        return (
            Report.objects.select_related("reporter__profile")
            .annotate(
                _closed=Case(When(status=Report.Status.OPEN, then=Value(0)), default=Value(1))
            )
            .order_by("_closed", "-created_at")
        )


class ReportViewSet(ModelViewSet):
    """Reports members made, for staff to act on. Only the status and staff notes change here:
    what the member reported stays as they wrote it."""

    model = Report
    name = "member_reports"
    url_prefix = "member-reports"
    menu_label = "Reports"
    icon = "warning"
    add_to_admin_menu = True
    menu_order = 310
    add_to_reference_index = False
    index_view_class = ReportIndexView
    copy_view_enabled = False
    list_display = [
        "reason",
        Column("subject_description", label="What was reported"),
        Column("reporter", label="Reported by", accessor=reporter_name),
        Column(
            "created_at",
            label="Reported",
            accessor=lambda report: _day(report.created_at),
            sort_key="created_at",
        ),
        Column("status", label="Status", accessor="get_status_display", sort_key="status"),
    ]
    list_filter = ["status", "reason"]
    panels = [
        FieldPanel("reason", read_only=True),
        FieldPanel("subject_description", read_only=True),
        FieldPanel("details", read_only=True),
        FieldPanel("reporter", read_only=True),
        FieldPanel("created_at", read_only=True),
        FieldPanel("status"),
        FieldPanel("staff_notes"),
    ]

    def get_common_view_kwargs(self, **kwargs):
        # Reports come from members only, and are kept: no add or delete views exist.
        return super().get_common_view_kwargs(
            add_url_name=None, delete_url_name=None, usage_url_name=None, **kwargs
        )

    def get_permissions_to_register(self):
        return (
            super()
            .get_permissions_to_register()
            .filter(codename__in=["view_report", "change_report"])
        )

    def get_urlpatterns(self):
        return [
            pattern
            for pattern in super().get_urlpatterns()
            if pattern.name not in {"add", "delete", "usage"}
        ]
