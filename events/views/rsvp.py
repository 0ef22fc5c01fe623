"""Replies from the gathering page: going, not going, leaving the waitlist, coming to every
date of a series, and the personal join link."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from events import rules
from events.forms import OneClickReplyForm, ReplyForm
from events.links import read_join_token
from events.models import AccessNeeds, EventPage, Rsvp
from events.rsvp import RsvpRefused, rsvp
from events.series import come_to_every_date, stop_coming_to_every_date
from members.decorators import verified_member_required


def visible_gathering(user, pk) -> EventPage:
    """The gathering, if this person may know it exists; 404 otherwise."""
    # By `id`, not `pk` (the parent link): a number past the database's range finds nothing
    # instead of overflowing into a 500 (see hosted_gathering).
    return get_object_or_404(EventPage.objects.live().visible_to(user), id=pk)


@require_POST
@verified_member_required
def reply(request, pk):
    event = visible_gathering(request.user, pk)
    back = _back_to(request)
    if back:
        return _one_click_reply(request, event, back)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _page_with_reply(request, event, form)
    data = form.cleaned_data
    going = data["going"]
    try:
        answer = rsvp(
            event,
            request.user,
            going=going,
            on_attendee_list=data["on_attendee_list"] if going else None,
            access_needs=data["access_needs"] if going else None,
            access_notes=data["access_notes"] if going else None,
            question=data["question"] if going else None,
        )
    except RsvpRefused as refusal:
        form.add_error(None, str(refusal))
        return _page_with_reply(request, event, form)
    if going and data["remember_needs"]:
        needs, _ = AccessNeeds.objects.get_or_create(member=request.user)
        needs.needs.set(data["access_needs"])
        needs.notes = data["access_notes"]
        needs.save()
    messages.success(request, _said(answer))
    return redirect(event.url)


def _back_to(request) -> str | None:
    """Where a one-click reply came from (the home page's next gatherings), if it is an
    address of this site; None for a reply from the gathering's own page."""
    back = request.POST.get("next", "")
    # A path on this site only: anything else is neither followed nor looked up as a view name.
    if back.startswith("/") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return None


def _one_click_reply(request, event, back):
    """The answer alone, from a list of gatherings elsewhere: details given before (the
    attendee list, access needs, a question) stay as they were, as when an invitation is
    accepted, and the member goes back to the list with what happened, or why not."""
    form = OneClickReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["going"][0])
        return HttpResponseRedirect(back)
    try:
        answer = rsvp(event, request.user, going=form.cleaned_data["going"])
    except RsvpRefused as refusal:
        messages.error(request, f"{event.title}: {refusal}")
        return HttpResponseRedirect(back)
    messages.success(request, f"{event.title}: {_said(answer)}")
    return HttpResponseRedirect(back)


def _page_with_reply(request, event, form):
    """The gathering's page again, with the reply as it was posted: what was typed kept, and
    why it was not saved beside the fields. A redirect would lose what the member wrote."""
    context = event.get_context(request) | {"reply_form": form}
    return render(request, event.get_template(request), context, status=400)


def _said(answer) -> str:
    if answer.status == Rsvp.Status.GOING:
        return "You are going. We have emailed you the details and a calendar file."
    if answer.status == Rsvp.Status.WAITLISTED:
        return (
            "It is full, so you are on the waitlist. If a place comes free it is yours, "
            "and we will email you."
        )
    return "You are not going. Thank you for letting the hosts know."


@require_POST
@verified_member_required
def regular(request, pk):
    event = visible_gathering(request.user, pk)
    if not event.series_id:
        raise Http404
    if request.POST.get("every") == "yes":
        come_to_every_date(event.series, request.user)
        messages.success(
            request,
            f"You come to every date of {event.series}: you are counted as going to each new "
            "date until you say otherwise for one.",
        )
    else:
        stop_coming_to_every_date(event.series, request.user)
        messages.success(
            request, "You no longer come to every date. Your replies to dates so far stand."
        )
    return redirect(event.url)


def join(request, token):
    """The member's own join link: leads to the meeting only for the member it was made for,
    while they are going. Anyone else, or a member on the waitlist, gets a page saying why."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    rsvp_pk = read_join_token(token)
    answer = Rsvp.objects.select_related("event").filter(pk=rsvp_pk).first() if rsvp_pk else None
    event = answer.event if answer else None
    if answer is None or answer.member_id != request.user.pk:
        reason = "This join link belongs to someone else. Join links are personal."
        event = None
    elif not rules.can_join_online(request.user, event):
        reason = "This join link works only for people going. " + (
            "The gathering was cancelled." if event.is_cancelled else ""
        )
    else:
        response = redirect(event.join_url)
        response["Referrer-Policy"] = "no-referrer"
        response["Cache-Control"] = "private, no-store"
        return response
    response = render(
        request, "events/join_refused.html", {"reason": reason, "event": event}, status=403
    )
    # The address holds a secret: keep it out of Django's request log.
    response._has_been_logged = True
    return response
