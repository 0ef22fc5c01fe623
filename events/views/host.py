"""The host's view of a gathering: who replied (with access needs, while hosts may see them),
the attendee list as CSV, invitations and proposals, and how far invitations travelled.
Only the gathering's own hosts: everyone else, staff included, gets a 404."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control

from convening.shared.spreadsheets import spreadsheet_safe
from events import rules
from events.forms_invitations import DecisionForm, InviteForm
from events.harvest import feedback_summary
from events.invitations import reach
from events.models import EventPage, Invitation, Rsvp
from members.two_factor import require_second_factor


def hosted_gathering(user, pk) -> EventPage:
    """The gathering, for its hosts; 404 for anyone else (published or not)."""
    # By `id`, Page's own integer column: a number past the database's range then finds
    # nothing, where `pk` (the parent link) would be sent to SQLite and overflow into a 500.
    event = get_object_or_404(EventPage.objects.all(), id=pk)
    if not rules.is_named_host(user, event):
        raise Http404
    require_second_factor(user)
    return event


def replies_for_hosts(event, with_needs: bool) -> dict:
    answers = Rsvp.objects.filter(event=event).select_related("member__profile")
    if with_needs:
        answers = answers.prefetch_related("access_needs")
    answers = list(answers.order_by("created_at", "pk"))
    return {
        "going": [a for a in answers if a.status == Rsvp.Status.GOING],
        "waitlist": sorted(
            (a for a in answers if a.status == Rsvp.Status.WAITLISTED),
            key=lambda a: (a.queued_at, a.pk),
        ),
        "not_going": [a for a in answers if a.status == Rsvp.Status.NOT_GOING],
    }


def render_host_page(request, event, *, invite_form=None):
    with_needs = rules.can_see_access_needs(request.user, event)
    invitations = list(
        event.invitations.select_related("invited_by__profile", "member__profile", "via")
    )
    context = {
        "event": event,
        "page": event,
        "with_needs": with_needs,
        **replies_for_hosts(event, with_needs),
        "invite_form": invite_form or InviteForm(host=request.user, event=event),
        "invitations": [i for i in invitations if i.status != Invitation.Status.PROPOSED],
        "proposals": [i for i in invitations if i.status == Invitation.Status.PROPOSED],
        "decision_form": DecisionForm(),
        "reach": reach(event),
        "can_edit": event.permissions_for_user(request.user).can_edit(),
        "may_invite": event.live and not event.is_cancelled and not event.has_ended(),
        "has_ended": event.has_ended(),
        "feedback": feedback_summary(event) if event.has_ended() else None,
    }
    response = render(request, "events/host.html", context)
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
def host_view(request, pk):
    return render_host_page(request, hosted_gathering(request.user, pk))


@login_required
def attendees_csv(request, pk):
    """Everyone who replied, for the hosts. Access needs, notes and questions only while hosts
    may see them (until a week after the gathering)."""
    event = hosted_gathering(request.user, pk)
    with_needs = rules.can_see_access_needs(request.user, event)
    replies = replies_for_hosts(event, with_needs)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="attendees.csv"'
    patch_cache_control(response, private=True, no_store=True)
    writer = csv.writer(response)
    header = ["name", "email", "status", "on list"]
    if with_needs:
        header += ["needs", "notes", "question"]
    writer.writerow(header)
    for answer in [*replies["going"], *replies["waitlist"], *replies["not_going"]]:
        row = [
            answer.member.profile.name,
            answer.member.email,
            answer.get_status_display(),
            "yes" if answer.on_attendee_list else "no",
        ]
        if with_needs:
            row += [
                "; ".join(need.name for need in answer.access_needs.all()),
                answer.access_notes,
                answer.question,
            ]
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return response
