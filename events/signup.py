"""A visitor who accepted an invitation and then joined lands on the gathering, going (or on
the waitlist when it is full).

`views.invitations` keeps the invitation in the session and tells allauth the invited address
is already confirmed (they followed the link sent to it). allauth then creates that address as
verified at sign-up and sends `user_signed_up`, but not `email_confirmed`; so the new member is
also put in the Members group here, as `members.signals` does for addresses confirmed by link.
Someone who signs up with another address is accepted when they confirm it (`email_confirmed`),
if they do so in the same browser."""

from allauth.account.adapter import get_adapter
from allauth.account.signals import email_confirmed, user_signed_up
from django.contrib import messages
from django.contrib.auth.models import Group
from django.dispatch import receiver

from members.models import is_verified_member
from members.signals import MEMBERS_GROUP

PENDING_SESSION_KEY = "events.pending_invitation"


def remember_pending(request, invitation) -> None:
    """Keep the invitation for when this visitor has joined, and let allauth treat its address
    as confirmed when they sign up with it."""
    request.session[PENDING_SESSION_KEY] = {
        "pk": invitation.pk,
        "token_hash": invitation.token_hash,
    }
    get_adapter(request).stash_verified_email(request, invitation.email)


@receiver(user_signed_up)
def accept_invitation_on_joining(sender, request, user, **kwargs):
    if user.emailaddress_set.filter(verified=True).exists():
        group, _ = Group.objects.get_or_create(name=MEMBERS_GROUP)
        user.groups.add(group)
    _accept_pending(request, user)


@receiver(email_confirmed)
def accept_invitation_on_confirming(sender, request, email_address, **kwargs):
    _accept_pending(request, email_address.user)


def _accept_pending(request, user):
    from . import invitations
    from .models import Invitation
    from .rsvp import RsvpRefused

    session = getattr(request, "session", None)
    pending = session.get(PENDING_SESSION_KEY) if session is not None else None
    if not pending:
        return
    user.__dict__.pop("_is_verified_member", None)  # confirmed a moment ago, perhaps
    if not is_verified_member(user):
        return  # wait for them to confirm their address
    del session[PENDING_SESSION_KEY]
    found = (
        Invitation.objects.select_related("event")
        .filter(pk=pending.get("pk"), token_hash=pending.get("token_hash"))
        .first()
    )
    if found is None:
        messages.warning(
            request, "That invitation was sent again with a new link: please use the newest one."
        )
        return
    try:
        answer = invitations.accept(found, user)
    except (invitations.InvitationInvalid, invitations.InvitationRefused, RsvpRefused) as problem:
        messages.warning(request, f"Welcome. We could not accept the invitation: {problem}")
        return
    messages.success(request, invitations.accepted_message(answer))
