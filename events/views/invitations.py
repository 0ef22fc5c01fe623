"""Invitations: the invitee's page behind their secret link (accept, decline, propose someone),
and the hosts' actions (invite, send again, decide on proposals). Services in
`events.invitations` do the work; these views fetch with permission, call them and say what
happened."""

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from events import invitations as service
from events import rules
from events.forms_invitations import DecisionForm, InviteForm, ProposeForm
from events.links import invitation_for_proposing, propose_url_for
from events.models import Invitation
from events.rsvp import RsvpRefused
from events.signup import remember_pending
from events.times import when_for
from events.views.host import hosted_gathering, render_host_page
from members.models import is_verified_member


def _secret(response):
    """Responses to an address that holds a secret: never in Django's request log, never
    cached, never sent on as a referrer to another site. (Not "no-referrer": browsers then send
    `Origin: null` with the page's own forms, and CSRF protection rightly refuses them.)"""
    response._has_been_logged = True
    response["Referrer-Policy"] = "same-origin"
    patch_cache_control(response, private=True, no_store=True)
    return response


def _invalid(request, problem):
    invitation = problem.invitation
    event = invitation.event if invitation else None
    if event is not None and not rules.can_see(request.user, event):
        event = None
    response = render(
        request,
        "events/invitation_invalid.html",
        {"reason": str(problem), "event": event},
        status=problem.status,
    )
    return _secret(response)


def invitation(request, token):
    """The invitee's page: the host's message, the gathering's public details, Accept and
    Decline. Opening it is recorded for the hosts."""
    if request.method == "POST":
        return _secret(_answer(request, token))
    try:
        found = service.open_invitation(token)
    except service.InvitationInvalid as problem:
        return _invalid(request, problem)
    event = found.event
    viewer = request.user
    context = {
        "invitation": found,
        "event": event,
        "page": event,
        "when": when_for(viewer, event),
        "inviter": service.name_of(found.invited_by),
        "proposer": service.name_of(found.invited_by) if found.via_id else "",
        "propose_url": propose_url_for(found) if service.may_propose(viewer, found) else "",
        "for_someone_else": bool(
            viewer.is_authenticated and found.member_id and found.member_id != viewer.pk
        ),
        # A guest invitation works for whoever holds the link; a member accepting one sent to
        # an address not theirs is told the hosts will see who accepted.
        "sent_to_another_address": bool(
            viewer.is_authenticated
            and not found.member_id
            and not EmailAddress.objects.filter(user=viewer, email__iexact=found.email).exists()
        ),
    }
    return _secret(render(request, "events/invitation.html", context))


def _answer(request, token):
    try:
        found = service.find_invitation(token)
    except service.InvitationInvalid as problem:
        return _invalid(request, problem)
    action = request.POST.get("action")
    user = request.user
    here = request.path
    if action == "decline":
        try:
            service.decline(found, user if is_verified_member(user) else None)
        except (service.InvitationInvalid, service.InvitationRefused) as problem:
            messages.error(request, str(problem))
            return redirect(here)
        messages.success(request, "Thank you for letting the hosts know. You have declined.")
        if rules.can_see(user, found.event):
            return redirect(found.event.url)
        return redirect("/")
    if action != "accept":
        messages.error(request, "Choose Accept or Decline.")
        return redirect(here)
    if not user.is_authenticated:
        return _accept_as_visitor(request, found)
    if not is_verified_member(user):
        messages.error(request, "Confirm your email address first: then you can accept.")
        return redirect(here)
    try:
        answer = service.accept(found, user)
    except (service.InvitationInvalid, service.InvitationRefused, RsvpRefused) as problem:
        messages.error(request, str(problem))
        return redirect(here)
    messages.success(request, service.accepted_message(answer))
    return redirect(found.event.url)


def _accept_as_visitor(request, found):
    """Someone not signed in accepts. With an account: sign in and come back. Without one: sign
    up and land on the gathering, going. The invitation's address counts as confirmed (they
    followed the link sent to it), so signing up with it needs no confirmation email."""
    address = found.member.email if found.member_id else found.email
    if found.member_id or EmailAddress.objects.filter(email__iexact=address).exists():
        messages.info(request, "You already have an account: sign in to accept.")
        return redirect_to_login(request.path)
    remember_pending(request, found)
    messages.info(
        request,
        "Join Convening to accept: choose a password and you will be going "
        f"to {found.event.title}.",
    )
    return redirect(reverse("account_signup") + "?" + urlencode({"next": found.event.url}))


@login_required
def propose(request, token):
    """An invitee proposes someone from outside their own organisation; the hosts decide."""
    via = invitation_for_proposing(token)
    if via is None or not service.may_propose(request.user, via):
        raise Http404
    event = via.event
    form = ProposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.propose(via, by=request.user, **form.cleaned_data)
        except service.InvitationRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                f"Thank you: the hosts will decide whether to invite "
                f"{form.cleaned_data['name']}. We will not contact them before that.",
            )
            return redirect(event.url)
    context = {"form": form, "event": event, "page": event, "via": via}
    response = render(request, "events/propose.html", context)
    patch_cache_control(response, private=True)
    return response


@require_POST
@login_required
def invite(request, pk):
    event = hosted_gathering(request.user, pk)
    form = InviteForm(request.POST, host=request.user, event=event)
    if form.is_valid():
        data = form.cleaned_data
        profile = data["member"]
        try:
            made = service.invite(
                event,
                by=request.user,
                message=data["message"],
                member=profile.user if profile else None,
                email=data["email"] or None,
                name=data["name"],
                organisation=data["organisation"],
            )
        except service.InvitationRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"Invitation sent to {made.name or made.email}.")
            return redirect("events:host", pk=event.pk)
    return render_host_page(request, event, invite_form=form)


def _hosted_invitation(request, pk, invitation_pk):
    event = hosted_gathering(request.user, pk)
    found = get_object_or_404(Invitation.objects.select_related("invited_by"), pk=invitation_pk)
    if found.event_id != event.pk:
        raise Http404
    found.event = event
    return event, found


@require_POST
@login_required
def resend(request, pk, invitation_pk):
    event, found = _hosted_invitation(request, pk, invitation_pk)
    try:
        service.resend(found, request.user)
    except service.InvitationRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            f"Sent again to {found.name or found.email}, with a new link (the old one "
            "no longer works).",
        )
    return redirect("events:host", pk=event.pk)


@require_POST
@login_required
def decide_proposal(request, pk, invitation_pk, decision):
    if decision not in ("approve", "refuse"):
        raise Http404
    event, found = _hosted_invitation(request, pk, invitation_pk)
    form = DecisionForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        service.decide_proposal(found, request.user, decision == "approve", message)
    except service.InvitationRefused as refusal:
        messages.error(request, str(refusal))
    else:
        who = found.name or found.email
        said = f"Invitation sent to {who}." if decision == "approve" else f"{who} is not invited."
        messages.success(request, said)
    return redirect("events:host", pk=event.pk)
