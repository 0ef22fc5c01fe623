"""What facilitators do from the site: start a circle, and for a circle they facilitate,
decide requests, invite, remove, share facilitation, pause, resume or close, and change its
settings. Anyone but the circle's own facilitators gets 404, staff included."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from convening.circles import membership as services
from convening.circles import rules
from convening.circles.formation import suggest_mix
from convening.circles.forms_circles import CircleForm, DecisionForm, InviteForm, StatusForm
from convening.circles.models import Circle, CircleMembership
from members.decorators import verified_member_required

Status = CircleMembership.Status

# The buttons of the status form: what each does, in the facilitators' words.
STATUS_ACTIONS = {
    Circle.Status.MEETING: "Start meeting",
    Circle.Status.PAUSED: "Pause the circle",
    Circle.Status.CLOSED: "Close the circle",
}


def facilitated_circle(user, slug) -> Circle:
    """The circle, with `active_count`, if `user` facilitates it; 404 for anyone else."""
    circle = get_object_or_404(Circle.objects.visible_to(user).with_places(), slug=slug)
    if not rules.is_facilitator(user, circle):
        raise Http404
    return circle


@verified_member_required
def start_circle(request):
    if not rules.can_start_circles(request.user):
        raise Http404
    form = CircleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            circle = services.start_circle(request.user, **form.settings())
        except (services.CircleRefused, ValidationError) as refusal:
            messages.error(request, _said(refusal))
        else:
            messages.success(
                request,
                "Your circle is forming. Invite people, or wait for requests: you decide who "
                "joins.",
            )
            return redirect("circles:facilitate", slug=circle.slug)
    return render(request, "circles/start.html", {"form": form})


@verified_member_required
def facilitate(request, slug):
    circle = facilitated_circle(request.user, slug)
    return _facilitation_page(request, circle)


def _facilitation_page(request, circle, *, invite_form=None):
    memberships = list(
        CircleMembership.objects.filter(
            circle=circle, status__in=[Status.ACTIVE, Status.REQUESTED, Status.INVITED]
        )
        .select_related("member__profile")
        .order_by("created_at", "pk")
    )
    mix = suggest_mix(circle)
    return render(
        request,
        "circles/facilitate.html",
        {
            "circle": circle,
            "places_left": services.places_left(circle),
            "members": [m for m in memberships if m.status == Status.ACTIVE],
            "requests": [m for m in memberships if m.status == Status.REQUESTED],
            "invited": [m for m in memberships if m.status == Status.INVITED],
            "mix": mix,
            "invite_form": invite_form or InviteForm(facilitator=request.user, circle=circle),
            "decision_form": DecisionForm(),
            "status_actions": list(_status_actions(circle)),
        },
    )


def _status_actions(circle):
    allowed = services.STATUS_CHANGES[circle.status]
    for status in (Circle.Status.MEETING, Circle.Status.PAUSED, Circle.Status.CLOSED):
        if status in allowed:
            label = STATUS_ACTIONS[status]
            if status == Circle.Status.MEETING and circle.status == Circle.Status.PAUSED:
                label = "Resume meeting"
            yield status, label


@verified_member_required
def edit_circle(request, slug):
    circle = facilitated_circle(request.user, slug)
    form = CircleForm(request.POST or None, instance=circle, active_count=circle.active_count)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_circle(circle, request.user, **form.settings())
        except (services.CircleRefused, ValidationError) as refusal:
            messages.error(request, _said(refusal))
        else:
            messages.success(request, "Saved the circle's settings.")
            return redirect("circles:facilitate", slug=circle.slug)
    return render(request, "circles/edit.html", {"circle": circle, "form": form})


@require_POST
@verified_member_required
def decide_request(request, slug, pk, decision):
    circle = facilitated_circle(request.user, slug)
    if decision not in ("approve", "decline"):
        raise Http404
    membership = get_object_or_404(CircleMembership, circle=circle, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Keep the note under 2,000 characters.")
        return redirect("circles:facilitate", slug=circle.slug)
    approve = decision == "approve"
    try:
        services.decide_request(
            membership, by=request.user, approve=approve, note=form.cleaned_data["note"]
        )
    except services.CircleRefused as refusal:
        messages.error(request, str(refusal))
    else:
        name = membership.member.profile.name
        messages.success(
            request,
            f"{name} is in the circle: we have emailed them."
            if approve
            else f"You declined {name}'s request: we have emailed them.",
        )
    return redirect("circles:facilitate", slug=circle.slug)


@require_POST
@verified_member_required
def invite(request, slug):
    circle = facilitated_circle(request.user, slug)
    form = InviteForm(request.POST, facilitator=request.user, circle=circle)
    if not form.is_valid():
        return _facilitation_page(request, circle, invite_form=form)
    profile = form.cleaned_data["member"]
    try:
        services.invite(circle, profile.user, by=request.user, message=form.cleaned_data["message"])
    except services.CircleRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"We have emailed {profile.name} your invitation.")
    return redirect("circles:facilitate", slug=circle.slug)


@require_POST
@verified_member_required
def remove(request, slug, pk):
    circle = facilitated_circle(request.user, slug)
    membership = get_object_or_404(CircleMembership, circle=circle, pk=pk)
    try:
        services.remove(membership, by=request.user)
    except services.CircleRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("circles:facilitate", slug=circle.slug)
    if membership.member_id == request.user.pk:
        messages.success(request, f"You are no longer in {circle.name}.")
        return redirect("circles:circles")
    name = membership.member.profile.name
    if membership.status == Status.INVITED:
        messages.success(request, f"You withdrew the invitation to {name}.")
    else:
        messages.success(request, f"{name} is no longer in the circle.")
    return redirect("circles:facilitate", slug=circle.slug)


@require_POST
@verified_member_required
def make_facilitator(request, slug, pk):
    circle = facilitated_circle(request.user, slug)
    membership = get_object_or_404(CircleMembership, circle=circle, pk=pk)
    try:
        services.make_facilitator(membership, by=request.user)
    except services.CircleRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request, f"{membership.member.profile.name} facilitates the circle with you now."
        )
    return redirect("circles:facilitate", slug=circle.slug)


@require_POST
@verified_member_required
def change_status(request, slug):
    circle = facilitated_circle(request.user, slug)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.non_field_errors()) or "Choose what to do.")
        return redirect("circles:facilitate", slug=circle.slug)
    try:
        changed = services.set_status(circle, by=request.user, status=form.cleaned_data["status"])
    except services.CircleRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"The circle is {changed.get_status_display().lower()} now.")
    return redirect("circles:facilitate", slug=circle.slug)


def _said(refusal) -> str:
    if isinstance(refusal, ValidationError):
        return " ".join(refusal.messages)
    return str(refusal)
