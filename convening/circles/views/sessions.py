"""A circle's sessions: the page, the personal join link, and the facilitators' tools
(scheduling, changing, cancelling, attendance, private notes, the retrospective and the choice
to renew or close).

Every view fetches through `CircleSession.objects.visible_to` (the circle's active members):
anyone else, staff included, gets a 404; visitors are sent to sign in. A circle member who is
not a facilitator knows the session exists, so the facilitators' tools answer them 403."""

import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from convening.circles import rules
from convening.circles.commitments import brought_back
from convening.circles.forms_sessions import (
    AttendanceForm,
    CancelForm,
    ChangeSessionForm,
    EndOfRunForm,
    NotesForm,
    RetrospectiveForm,
    ScheduleForm,
)
from convening.circles.models import Circle, CircleSession
from convening.circles.sessions import (
    SessionError,
    cancel_session,
    change_session,
    close_or_renew,
    mark_held,
    quorum_of,
    record_attendance,
    save_notes,
    save_retrospective,
    schedule_sessions,
)
from convening.circles.structures import structure_of
from convening.circles.views import private
from events.times import describe
from members.middleware import viewer_time_zone


def visible_session(user, slug, number) -> CircleSession:
    """The session, for the active members of its circle; 404 for anyone else."""
    session = (
        CircleSession.objects.visible_to(user)
        .select_related("circle", "presenter__profile")
        .filter(circle__slug=slug, number=number)
        .order_by("pk")
        .first()
    )
    if session is None:
        raise Http404
    return session


def _library_practice(structure):
    if not structure.practice_slug:
        return None
    from practices.models import PracticePage

    return PracticePage.objects.live().filter(slug=structure.practice_slug).first()


def _page(request, session, *, forms=None, status=200):
    circle = session.circle
    user = request.user
    circle_zone = zoneinfo.ZoneInfo(circle.time_zone)
    zone = viewer_time_zone(user) or circle_zone
    structure = structure_of(session.structure)
    facilitating = rules.is_facilitator(user, circle)
    context = {
        "circle": circle,
        "session": session,
        "when": describe(session.starts_at, session.ends_at, zone),
        "circle_when": describe(session.starts_at, session.ends_at, circle_zone)
        if zone.key != circle_zone.key
        else None,
        "structure": structure,
        "practice": _library_practice(structure),
        "may_join": bool(session.join_url) and session.status == CircleSession.Status.SCHEDULED,
        "commitments": brought_back(user, session),
        "reflect_url": reverse("circles:write_reflection") + f"?session={session.pk}",
        "facilitating": facilitating,
        "circle_open": circle.status != Circle.Status.CLOSED,
    }
    if facilitating:
        forms = forms or {}
        context.update(
            {
                "quorum": quorum_of(session),
                "notes_form": forms.get("notes")
                or NotesForm(initial={"facilitator_notes": session.facilitator_notes}),
                "attendance_form": forms.get("attendance") or AttendanceForm(session=session),
                "cancel_form": forms.get("cancel") or CancelForm(),
                "retrospective_form": forms.get("retrospective")
                or RetrospectiveForm(initial={"retrospective": session.retrospective}),
                "end_form": forms.get("end") or EndOfRunForm(),
            }
        )
    return private(render(request, "circles/sessions/session.html", context, status=status))


@login_required
@require_safe
def session(request, slug, number):
    return _page(request, visible_session(request.user, slug, number))


@login_required
@require_safe
def join_session(request, slug, number):
    """The member's own way into the meeting: leads to the join link only for the circle's
    active members (others get a 404), so the meeting's address never has to be on a page."""
    found = visible_session(request.user, slug, number)
    if found.status != CircleSession.Status.SCHEDULED or not found.join_url:
        messages.warning(
            request,
            "This session was cancelled."
            if found.status == CircleSession.Status.CANCELLED
            else "This session has no join link.",
        )
        return redirect(found.get_absolute_url())
    response = redirect(found.join_url)
    response["Referrer-Policy"] = "no-referrer"
    return private(response)


def _facilitated_circle(user, slug) -> Circle:
    circle = get_object_or_404(Circle, slug=slug)
    if not rules.is_circle_member(user, circle):
        raise Http404
    if not rules.is_facilitator(user, circle):
        raise PermissionDenied("Only the circle's facilitators can do this.")
    return circle


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def schedule(request, slug):
    """Schedule one session or a run at the circle's cadence."""
    circle = _facilitated_circle(request.user, slug)
    form = ScheduleForm(request.POST or None, circle=circle)
    if request.method == "POST" and form.is_valid():
        try:
            sessions = schedule_sessions(
                circle,
                request.user,
                first_start=form.start,
                count=form.cleaned_data["count"],
                minutes=form.cleaned_data["minutes"],
                join_url=form.cleaned_data["join_url"],
                place=form.cleaned_data["place"],
                structure=form.cleaned_data["structure"],
            )
        except SessionError as error:
            form.add_error(None, str(error))
        else:
            if len(sessions) == 1:
                messages.success(request, f"Session {sessions[0].number} is scheduled.")
            else:
                messages.success(
                    request,
                    f"Sessions {sessions[0].number} to {sessions[-1].number} are scheduled.",
                )
            return redirect(sessions[0].get_absolute_url())
    upcoming = circle.sessions.order_by("number")
    return private(
        render(
            request,
            "circles/sessions/schedule.html",
            {"circle": circle, "form": form, "sessions": upcoming},
        )
    )


# The facilitators' actions on one session: each a small function taking the request, the
# session and the posted data, returning a success message or the form that failed.


def _change(request, found):
    form = ChangeSessionForm(request.POST, session=found)
    if not form.is_valid():
        return form
    try:
        change_session(
            found,
            request.user,
            start=form.start,
            minutes=form.cleaned_data["minutes"],
            join_url=form.cleaned_data["join_url"],
            place=form.cleaned_data["place"],
            structure=form.cleaned_data["structure"],
            presenter=form.chosen_presenter,
        )
    except SessionError as error:
        form.add_error(None, str(error))
        return form
    return "The session is changed. Members were told if its time or place moved."


def _cancel(request, found):
    form = CancelForm(request.POST)
    if not form.is_valid():
        return form
    cancel_session(found, request.user, reason=form.cleaned_data["reason"])
    return "The session is cancelled and the members were told."


def _held(request, found):
    mark_held(found, request.user)
    return "The session is marked as held."


def _attendance(request, found):
    form = AttendanceForm(request.POST, session=found)
    if not form.is_valid():
        return form
    quorum = record_attendance(found, request.user, form.present_people)
    met = "the quorum was met" if quorum["met"] else "below the quorum"
    return f"Attendance saved: {quorum['present']} present, {met}."


def _notes(request, found):
    form = NotesForm(request.POST)
    if not form.is_valid():
        return form
    save_notes(found, request.user, form.cleaned_data["facilitator_notes"])
    return "Your notes are saved. Only the circle's facilitators see them."


def _retrospective(request, found):
    form = RetrospectiveForm(request.POST)
    if not form.is_valid():
        return form
    save_retrospective(found, request.user, form.cleaned_data["retrospective"])
    return "The retrospective is saved for the circle."


def _end(request, found):
    form = EndOfRunForm(request.POST)
    if not form.is_valid():
        return form
    if not found.is_closing:
        raise SessionError("The choice to renew or close is made at the closing session.")
    renew = form.cleaned_data["choice"] == "renew"
    new = close_or_renew(
        found.circle, request.user, renew=renew, sessions=form.cleaned_data["sessions"] or 6
    )
    if renew:
        return f"The circle is renewed: sessions {new[0].number} to {new[-1].number} are scheduled."
    return "The circle is closed. Thank you for convening it."


ACTIONS = {
    "change": _change,
    "cancel": _cancel,
    "held": _held,
    "attendance": _attendance,
    "notes": _notes,
    "retrospective": _retrospective,
    "end": _end,
}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit_session(request, slug, number):
    """GET: the form to change when, where and how a session meets. POST: one of the
    facilitators' actions, named by `action`."""
    found = visible_session(request.user, slug, number)
    if not rules.is_facilitator(request.user, found.circle):
        raise PermissionDenied("Only the circle's facilitators can change a session.")
    if request.method != "POST":
        return _edit_page(request, found, ChangeSessionForm(session=found))
    action = request.POST.get("action", "")
    if action not in ACTIONS:
        messages.error(request, "That is not something a session can do.")
        return redirect(found.get_absolute_url())
    try:
        outcome = ACTIONS[action](request, found)
    except SessionError as error:
        messages.error(request, str(error))
        return redirect(found.get_absolute_url())
    if isinstance(outcome, str):
        messages.success(request, outcome)
        found.refresh_from_db()
        return redirect(found.get_absolute_url())
    if action == "change":
        return _edit_page(request, found, outcome, status=400)
    return _page(request, found, forms={action: outcome}, status=400)


def _edit_page(request, found, form, *, status=200):
    return private(
        render(
            request,
            "circles/sessions/edit.html",
            {"circle": found.circle, "session": found, "form": form},
            status=status,
        )
    )
