"""Finding circles, a circle's page, and a member's own steps: join, ask, answer an
invitation, accept the agreements, leave. Every view fetches the circle through
`Circle.objects.visible_to` (404 for anyone else, staff included) and changes things only
through the services in `convening.circles`."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from convening.circles import membership as services
from convening.circles import rules
from convening.circles.forms_circles import (
    AgreeingForm,
    CircleFilters,
    InvitationAnswerForm,
    RequestForm,
)
from convening.circles.models import Circle, CircleMembership, CircleSession
from convening.circles.reflections import shared_with_circle
from members.decorators import verified_member_required

Status = CircleMembership.Status
UPCOMING_SHOWN = 6
PAST_SHOWN = 6
SHARED_SHOWN = 10
PER_PAGE = 12  # as the gatherings listing: a phone screen's worth of cards a page


def visible_circle(user, slug) -> Circle:
    """The circle, with `active_count`, if this person may know it exists; 404 otherwise."""
    return get_object_or_404(Circle.objects.visible_to(user).with_places(), slug=slug)


@verified_member_required
def circle_list(request):
    """The member's circles, suggestions and the circles taking people."""
    options = services.filter_options()
    filters = CircleFilters(request.GET, options=options)
    values = filters.valid_values()
    page = Paginator(services.find_circles(request.user, **values), PER_PAGE).get_page(
        request.GET.get("page")
    )
    circles = list(page.object_list)
    suggestions = services.suggested_for(request.user)
    services.with_topics_and_sectors(circles, suggestions)
    for circle in [*circles, *suggestions]:
        circle.places_left = services.places_left(circle)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "circles/list.html",
        {
            "filters": filters,
            "filtered": bool(values),
            "circles": circles,
            "page_obj": page,
            "query": query.urlencode(),
            "suggestions": suggestions,
            "yours": services.your_circles(request.user),
            "may_start": rules.can_start_circles(request.user),
        },
    )


@verified_member_required
def circle(request, slug):
    return _circle_page(request, visible_circle(request.user, slug))


def _circle_page(request, circle, *, form=None, status=200):
    """The circle's page; `form` is a join, request or invitation form to show with its
    errors."""
    user = request.user
    membership = rules.membership_of(user, circle)
    is_member = rules.is_circle_member(user, circle)
    context = {
        "circle": circle,
        "membership": membership,
        "is_member": is_member,
        "is_facilitator": rules.is_facilitator(user, circle),
        "places_left": services.places_left(circle),
        "topics": list(circle.topics.all()),
        "sectors": list(circle.sectors.all()),
        "members": [],
        "sessions": [],
        "past_sessions": [],
        "shared_reflections": [],
        "form": form,
    }
    if is_member:
        context["members"] = list(
            CircleMembership.objects.active()
            .filter(circle=circle)
            .select_related("member__profile")
            .order_by("-role", "joined_at", "pk")
        )
        sessions = list(
            CircleSession.objects.visible_to(user)
            .filter(
                circle=circle,
                ends_at__gte=timezone.now(),
                status=CircleSession.Status.SCHEDULED,
            )
            .order_by("starts_at", "pk")[:UPCOMING_SHOWN]
        )
        past = list(
            CircleSession.objects.visible_to(user)
            .filter(circle=circle, ends_at__lt=timezone.now())
            .exclude(status=CircleSession.Status.CANCELLED)
            .order_by("-starts_at", "-pk")[:PAST_SHOWN]
        )
        for session in [*sessions, *past]:
            session.circle = circle  # each link names the circle: not a query a session
        context["sessions"] = sessions
        context["past_sessions"] = past
        context["shared_reflections"] = list(shared_with_circle(user, circle)[:SHARED_SHOWN])
    elif form is None:
        context["form"] = _form_for(circle, membership)
    return render(request, "circles/circle.html", context, status=status)


def _form_for(circle, membership, data=None):
    """The form a person who is not a member sees: answer an invitation, ask, or join."""
    if membership and membership.status == Status.INVITED:
        return InvitationAnswerForm(data, initial={"accept": "yes"})
    if circle.join_policy == Circle.JoinPolicy.REQUEST:
        return RequestForm(data, circle=circle)
    return AgreeingForm(data)


@require_POST
@verified_member_required
def join(request, slug):
    """Join an open circle, or ask to join one that takes requests."""
    circle = visible_circle(request.user, slug)
    asking = circle.join_policy == Circle.JoinPolicy.REQUEST
    form = RequestForm(request.POST, circle=circle) if asking else AgreeingForm(request.POST)
    if not form.is_valid():
        return _circle_page(request, circle, form=form)
    try:
        if asking:
            services.request_to_join(
                circle,
                request.user,
                answers=form.answers(),
                message=form.cleaned_data["message"],
                agreed=form.cleaned_data["agree"],
            )
        else:
            services.join(circle, request.user, agreed=form.cleaned_data["agree"])
    except services.CircleRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(circle)
    if asking:
        messages.success(
            request,
            "You have asked to join. The facilitators will read your answers and email you "
            "their decision.",
        )
    else:
        messages.success(request, f"Welcome to {circle.name}. You are a member now.")
    return redirect(circle)


@require_POST
@verified_member_required
def answer_invitation(request, slug):
    circle = visible_circle(request.user, slug)
    form = InvitationAnswerForm(request.POST)
    if not form.is_valid():
        return _circle_page(request, circle, form=form)
    accept = form.cleaned_data["accept"]
    try:
        services.answer_invitation(
            circle, request.user, accept=accept, agreed=form.cleaned_data["agree"]
        )
    except services.CircleRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(circle)
    if accept:
        messages.success(request, f"Welcome to {circle.name}. You are a member now.")
        return redirect(circle)
    messages.success(request, "You declined the invitation. Thank you for letting them know.")
    return redirect("circles:circles")


@require_POST
@verified_member_required
def agree(request, slug):
    circle = visible_circle(request.user, slug)
    if not rules.is_circle_member(request.user, circle):
        messages.error(request, "Only members of the circle accept its agreements.")
        return redirect(circle)
    form = AgreeingForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["agree"][0])
        return redirect(circle)
    services.accept_agreements(circle, request.user)
    messages.success(request, "Thank you: you have accepted the circle's agreements.")
    return redirect(circle)


@verified_member_required
def leave(request, slug):
    """GET asks "are you sure?"; POST leaves (or withdraws a request)."""
    circle = visible_circle(request.user, slug)
    membership = rules.membership_of(request.user, circle)
    if membership is None or membership.status not in (
        Status.ACTIVE,
        Status.REQUESTED,
        Status.INVITED,
    ):
        messages.error(request, "You are not in this circle.")
        return redirect(circle)
    if request.method != "POST":
        return render(
            request,
            "circles/circle_leave.html",
            {"circle": circle, "membership": membership},
        )
    try:
        services.leave(circle, request.user)
    except services.CircleRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(circle)
    if membership.status == Status.ACTIVE:
        messages.success(request, f"You have left {circle.name}.")
    else:
        messages.success(request, "Done: you are no longer asking to join.")
    return redirect("circles:circles")
