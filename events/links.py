"""The signed addresses a member is given for one gathering: their own join link, and the
page where an invitee who accepted may propose others. Each names a row by a signed number,
never a secret; the views behind them check who is asking."""

from django.core import signing
from django.urls import reverse

from members.models import is_verified_member

from .models import Invitation

JOIN_SALT = "events.join"
PROPOSE_SALT = "events.propose"


def join_url_for(rsvp) -> str:
    """The member's own join link: our address, which leads to the meeting only for them, while
    they are going. Hosts may change the meeting address; this link stays the same."""
    token = signing.Signer(salt=JOIN_SALT).sign(str(rsvp.pk))
    return reverse("events:join", kwargs={"token": token})


def read_join_token(token) -> int | None:
    try:
        return int(signing.Signer(salt=JOIN_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None


def propose_url_for(invitation) -> str:
    """The invitee's page for proposing someone. It names the invitation by a signed number,
    not its secret link (which is stored only as a hash); the page is for the invitee alone."""
    token = signing.Signer(salt=PROPOSE_SALT).sign(str(invitation.pk))
    return reverse("events:propose", kwargs={"token": token})


def propose_url_of(user, event) -> str:
    """For the gathering page: where a member who accepted an invitation may propose others."""
    if not is_verified_member(user) or event.is_cancelled or event.has_ended():
        return ""
    accepted = Invitation.objects.filter(
        event=event, member=user, status=Invitation.Status.ACCEPTED
    ).first()
    return propose_url_for(accepted) if accepted else ""


def invitation_for_proposing(token) -> Invitation | None:
    try:
        pk = int(signing.Signer(salt=PROPOSE_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    return Invitation.objects.select_related("event", "member").filter(pk=pk).first()
