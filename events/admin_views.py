"""Gatherings in the Wagtail admin: "Add the next dates" of a series, from any of its dates."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.defaults import permission_denied
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .models import EventPage
from .series import (
    MOST_DATES_AT_ONCE,
    last_date_of,
    may_add_dates,
    may_publish_dates,
    next_start,
    schedule_next,
)
from .times import describe

PUBLISH_NOW = "publish"
AS_DRAFTS = "drafts"


class NextDatesForm(forms.Form):
    count = forms.IntegerField(
        label="How many dates",
        min_value=1,
        max_value=MOST_DATES_AT_ONCE,
        initial=1,
        help_text=f"From 1 to {MOST_DATES_AT_ONCE}.",
    )
    publish = forms.ChoiceField(
        label="When they are made",
        choices=[
            (PUBLISH_NOW, "Publish them now: members can reply at once"),
            (AS_DRAFTS, "Save them as drafts, to check before publishing"),
        ],
        initial=PUBLISH_NOW,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, may_publish=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.may_publish = may_publish

    def clean_publish(self):
        publish = self.cleaned_data["publish"] == PUBLISH_NOW
        if publish and not self.may_publish:
            raise forms.ValidationError(
                "You may add gatherings but not publish them: save them as drafts."
            )
        return publish


class AddNextDatesView(WagtailAdminTemplateMixin, FormView):
    """For whoever may add gatherings beside this one (Hosts, Editors, superusers); others get
    403. A gathering that belongs to no series has no next dates: 404."""

    template_name = "events/admin/add_next_dates.html"
    form_class = NextDatesForm
    page_title = "Add the next dates"
    header_icon = "date"

    def dispatch(self, request, page_id):
        # By `id`, not `pk` (the parent link), so a number past the database's range is a 404.
        self.event = get_object_or_404(EventPage.objects.select_related("series"), id=page_id)
        if self.event.series_id is None:
            raise Http404("This gathering belongs to no series.")
        if not may_add_dates(request.user, self.event):
            # A plain 403 rather than Wagtail's redirect to the dashboard: a link shared with
            # someone who may not use it should say so where it was followed.
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.event.series.name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailadmin_explore", args=[self.event.get_parent().pk]),
                "label": "Gatherings",
            },
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.event.pk]),
                "label": str(self.event),
            },
            {"url": "", "label": self.page_title},
        ]

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {
            "may_publish": may_publish_dates(self.request.user, self.event)
        }

    def get_context_data(self, **kwargs):
        last = last_date_of(self.event)
        zone = last.zone
        local = timezone.localtime(last.starts_at, zone).replace(tzinfo=None)
        following = next_start(self.event.series, local).replace(tzinfo=zone)
        return super().get_context_data(**kwargs) | {
            "event": self.event,
            "series": self.event.series,
            "last_date": describe(last.starts_at, last.ends_at, zone),
            "next_date": describe(following, following + (last.ends_at - last.starts_at), zone),
            "action_url": self.request.path,
        }

    def form_valid(self, form):
        created = schedule_next(
            self.event,
            user=self.request.user,
            count=form.cleaned_data["count"],
            publish=form.cleaned_data["publish"],
        )
        first, last = created[0], created[-1]
        when = timezone.localtime(first.starts_at, first.zone)
        state = "published" if form.cleaned_data["publish"] else "saved as drafts"
        if len(created) == 1:
            text = f"Added {first.title} on {when:%A} {when.day} {when:%B %Y} ({state})."
        else:
            until = timezone.localtime(last.starts_at, last.zone)
            text = (
                f"Added {len(created)} dates of {self.event.series}, from {when.day} {when:%B} "
                f"to {until.day} {until:%B %Y} ({state})."
            )
        messages.success(self.request, text)
        return redirect("wagtailadmin_explore", self.event.get_parent().pk)
