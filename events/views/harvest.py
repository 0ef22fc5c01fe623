"""After the gathering: hosts ask the people who came for feedback; attendees give it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from events import rules
from events.forms import FeedbackForm
from events.harvest import FeedbackRefused, may_give_feedback, record_feedback
from events.harvest import ask_for_feedback as ask
from events.models import Feedback
from events.views.rsvp import visible_gathering
from members.decorators import verified_member_required


@require_POST
@login_required
def ask_for_feedback(request, pk):
    """A host emails the people who came a short feedback form (once each)."""
    event = visible_gathering(request.user, pk)
    if not rules.is_host(request.user, event):
        raise PermissionDenied
    try:
        asked = ask(event, request.user)
    except FeedbackRefused as refusal:
        messages.error(request, str(refusal))
    else:
        if asked:
            messages.success(
                request,
                f"We have emailed {asked} {'person' if asked == 1 else 'people'} who came a "
                "short feedback form.",
            )
        else:
            messages.info(request, "Everyone who came has been asked already.")
    return redirect(reverse("events:host", kwargs={"pk": event.pk}))


@verified_member_required
def feedback(request, pk):
    """The feedback form, for people who were going, once the gathering is over. Anyone else
    gets the same 404 as for a gathering that does not exist."""
    event = visible_gathering(request.user, pk)
    if not may_give_feedback(request.user, event):
        raise Http404
    existing = Feedback.objects.filter(event=event, member=request.user).first()
    form = FeedbackForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        try:
            record_feedback(
                event,
                request.user,
                usefulness=form.cleaned_data["usefulness"],
                what_worked=form.cleaned_data["what_worked"],
                what_next=form.cleaned_data["what_next"],
            )
        except FeedbackRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                "Thank you: the hosts will read it."
                if existing is None
                else "Thank you: your answer is updated.",
            )
        return redirect(event.url)
    response = render(
        request,
        "events/feedback.html",
        {"event": event, "form": form, "existing": existing},
        status=400 if form.errors else 200,
    )
    response["Cache-Control"] = "private, no-store"
    return response
