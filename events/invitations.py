"""Invitations: the art of invitation, and widening the room.

A host invites a member or anyone by email address, always with a personal message. Each
invitation is a secret link (`/gatherings/invitation/<token>/`) to accept or decline; only the
token's SHA-256 is stored, so a copy of the invitations table opens nothing; the token is minted
as its email is sent, so no recorded email or queued task holds it either. An invitee may
propose someone from outside their own organisation; a host approves and the proposal becomes an
invitation one step further from the hosts. `reach` tells hosts how far invitations travelled.

Every state change is one function here, in a transaction; emails go after commit (members
through `members.notifications.notify`, everyone else through `deliver_guest_invitation`).
Invitation emails never carry the exact venue or the join link: those come with going."""

import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from convening.shared.locking import bounded_transaction
from members.models import Profile, is_verified_member
from members.notifications import UPDATE, notify

from . import rules
from .models import Invitation, hash_token
from .times import describe

# How often a host may send the same invitation: a reminder or two, never a nuisance.
MAX_SENDS = 5
# How many people one invitee may propose for one gathering.
MAX_PROPOSALS = 5
# Said when an invitation's row stays locked longer than the lock timeout.
BUSY = "Lots of people are answering right now. Please try again in a moment."
# The notification key of a member's invitation email: "invitation:<pk>:<sending>".
INVITATION_KEY = "invitation"

Status = Invitation.Status
ANSWERED = (Status.ACCEPTED, Status.DECLINED)
WAITING_FOR_ANSWER = (Status.SENT, Status.OPENED)


class InvitationRefused(Exception):
    """Something a host or invitee asked for that the rules do not allow; the message says why,
    in words for them. Nothing was changed."""


class InvitationInvalid(Exception):
    """An invitation link that cannot be used; the message says why. `status` is the HTTP status
    its page answers with; `invitation` is set when the link was real (used or expired)."""

    status = 404

    def __init__(self, message, invitation=None):
        super().__init__(message)
        self.invitation = invitation


class UnknownInvitation(InvitationInvalid):
    pass


class InvitationUsed(InvitationInvalid):
    pass


class InvitationExpired(InvitationInvalid):
    status = 410


# Sending -----------------------------------------------------------------------------------------


def invite(
    event,
    *,
    by,
    message: str,
    member=None,
    email: str | None = None,
    name: str = "",
    organisation: str = "",
) -> Invitation:
    """A host invites a member (`member`, picked from the directory) or anyone (`email`), with a
    personal message.

    Side effects: creates a sent `Invitation` holding only its token's hash; after commit, emails
    the invitee their personal link (members through `notify`, others through a task).
    Raises InvitationRefused: not a host, no message, no one or two people named, the gathering
    is over, cancelled or unpublished, or this person is already invited.
    """
    if not rules.is_host(by, event):
        raise InvitationRefused("Only this gathering's hosts can invite people to it.")
    message = _required(message, "Write a personal message: it is what makes it an invitation.")
    if (member is None) == (not email):
        raise InvitationRefused("Choose a member or give an email address, not both.")
    if member is not None:
        if not is_verified_member(member):
            raise InvitationRefused("You can invite members whose address is confirmed.")
        email = member.email
        name = name or Profile.objects.get(user=member).name
    email = _normalise(email)
    _check_open_for_invitations(event)
    with transaction.atomic():
        _check_not_invited(event, email, member)
        invitation = Invitation(
            event=event,
            email=email,
            member=member,
            name=name.strip(),
            organisation=organisation.strip(),
            message=message,
            invited_by=by,
            status=Status.SENT,
        )
        _new_sending(invitation)
        _save_new(invitation)
        _send(invitation)
    return invitation


def resend(invitation, by) -> Invitation:
    """Send an unanswered invitation again with a new link: the old link stops working at once.

    Side effects: replaces the token's hash, raises `times_sent`; after commit, emails the
    invitee. Raises InvitationRefused: not a host, already answered, a proposal, the gathering
    is over, or sent MAX_SENDS times already.
    """
    if not rules.is_host(by, invitation.event):
        raise InvitationRefused("Only this gathering's hosts can send its invitations.")
    _check_open_for_invitations(invitation.event)
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.status not in WAITING_FOR_ANSWER:
            raise InvitationRefused(
                f"This invitation is {locked.get_status_display().lower()}: there is "
                "nothing to send again."
            )
        if locked.times_sent >= MAX_SENDS:
            raise InvitationRefused(
                f"You have sent this invitation {locked.times_sent} times. Perhaps get in touch "
                "another way."
            )
        locked.event = invitation.event
        _new_sending(locked)
        locked.save()
        _send(locked)
    return locked


def _new_sending(invitation) -> None:
    """Start a new sending: any earlier link stops working at once. The link itself is minted
    only as its email leaves (`_mint_link`), so the raw token is never stored anywhere: not in
    this table, not in the recorded email, not in a queued task's arguments."""
    invitation.token_hash = None
    invitation.times_sent += 1
    invitation.sent_at = timezone.now()


def _mint_link(invitation) -> str:
    """A fresh secret link for the email being sent (256 random bits); only its hash is kept.
    The caller saves `token_hash` in the transaction that sends the email."""
    token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_token(token)
    return settings.SITE_URL + reverse("events:invitation", kwargs={"token": token})


def _send(invitation) -> None:
    if invitation.member_id:
        member = invitation.member
        notify(
            member,
            kind=UPDATE,
            template="invitation",
            context=email_context(invitation, link=None),
            key=f"{INVITATION_KEY}:{invitation.pk}:{invitation.times_sent}",
            personal_link="link",
        )
    else:
        pk, sending = invitation.pk, invitation.times_sent
        transaction.on_commit(lambda: deliver_guest_invitation.enqueue(pk, sending))


def link_for_member_email(notification) -> str | None:
    """The link for a member's invitation email as it is sent (see `notify`'s secret links):
    none when a newer sending replaced this one or the invitation is no longer waiting."""
    _, pk, sending = notification.key.split(":")
    invitation = Invitation.objects.select_for_update().filter(pk=int(pk)).first()
    if (
        invitation is None
        or invitation.times_sent != int(sending)
        or invitation.status not in WAITING_FOR_ANSWER
    ):
        return None
    link = _mint_link(invitation)
    invitation.save(update_fields=["token_hash"])
    return link


def email_context(invitation, link) -> dict:
    """What an invitation email says: the host's message, when (in the host's zone), the
    format and town, and the personal link. Never the exact venue or the join link."""
    event = invitation.event
    proposer = invitation.invited_by if invitation.via_id else None
    return {
        "invitation": invitation,
        "event": event,
        "when": describe(event.starts_at, event.ends_at, event.zone),
        "inviter": name_of(invitation.invited_by),
        "proposer": name_of(proposer) if proposer else "",
        "hosts": ", ".join(name_of(host.member) for host in event.hosts.select_related("member")),
        "link": link,
    }


@task()
def deliver_guest_invitation(invitation_id: int, sending: int):
    """Email an invitation to someone without an account, minting its link as it goes (the
    task's stored arguments hold no secret). Safe to run twice: each sending is delivered once,
    and a sending replaced since (a resend) is not sent at all."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("event", "invited_by")
            .filter(pk=invitation_id)
            .first()
        )
        if (
            invitation is None
            or invitation.times_sent != sending
            or invitation.times_delivered >= sending
            or invitation.status not in WAITING_FOR_ANSWER
        ):
            return
        context = email_context(invitation, _mint_link(invitation))
        context["site_url"] = settings.SITE_URL
        subject = " ".join(_plain("email/invitation_guest_subject.txt", context).split())
        message = EmailMultiAlternatives(
            subject=subject[:200],
            body=_plain("email/invitation_guest.txt", context).strip() + "\n",
            to=[invitation.email],
        )
        message.attach_alternative(
            render_to_string("email/invitation_guest.html", context), "text/html"
        )
        message.send()
        invitation.times_delivered = sending
        invitation.save(update_fields=["token_hash", "times_delivered"])


def _plain(name, context) -> str:
    # Plain text is not HTML: "O'Brien & Co" must not arrive as "O&#x27;Brien &amp; Co".
    return get_template(name).template.render(Context(context, autoescape=False))


# Answering ---------------------------------------------------------------------------------------


def find_invitation(token) -> Invitation:
    """The invitation a link opens, if it can still be answered. Changes nothing.

    Raises UnknownInvitation (no such link: mistyped, cut short or replaced by a newer one),
    InvitationUsed (already answered), InvitationExpired (the gathering is over or cancelled).
    """
    invitation = None
    if token and len(token) <= 100:
        invitation = (
            Invitation.objects.select_related("event", "invited_by", "member", "via")
            .filter(token_hash=hash_token(token))
            .first()
        )
    if invitation is None or invitation.status not in (*WAITING_FOR_ANSWER, *ANSWERED):
        raise UnknownInvitation(
            "This invitation link does not work. Check that you copied the whole link from "
            "your email; if the host sent it again, only the newest link works."
        )
    event = invitation.event
    if invitation.status in ANSWERED:
        raise InvitationUsed(
            f"This invitation has already been {invitation.get_status_display().lower()}.",
            invitation,
        )
    if event.is_cancelled or not event.live:
        raise InvitationExpired("This gathering has been cancelled.", invitation)
    if event.has_ended():
        raise InvitationExpired("This gathering has already happened.", invitation)
    return invitation


def open_invitation(token) -> Invitation:
    """As `find_invitation`, and records that the invitee opened it (sent -> opened): the
    bookkeeping hosts see, allowed on a GET."""
    invitation = find_invitation(token)
    if invitation.status == Status.SENT:
        now = timezone.now()
        Invitation.objects.filter(pk=invitation.pk, status=Status.SENT).update(
            status=Status.OPENED, opened_at=now
        )
        invitation.status, invitation.opened_at = Status.OPENED, now
    return invitation


def accept(invitation, member):
    """`member` accepts: they are going, or on the waitlist when it is full.

    Safe when the same link is accepted many times at once: the invitation's row is locked,
    so one acceptance and one reply are recorded.

    Side effects: through `events.rsvp.rsvp`, the member's `Rsvp` (and its email); the invitation
    becomes accepted and linked to the member. Returns the `Rsvp`.
    Raises InvitationUsed (answered already), InvitationRefused (sent to another member) and
    whatever `rsvp` raises (`RsvpRefused`: not verified, cancelled, over, replies closed).
    """
    from .rsvp import rsvp

    with bounded_transaction(InvitationRefused(BUSY)):
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        _check_answerable(locked, member)
        answer = rsvp(locked.event, member, going=True, invitation=locked)
        locked.status, locked.member = Status.ACCEPTED, member
        locked.answered_at = timezone.now()
        locked.save(update_fields=["status", "member", "answered_at"])
    invitation.status, invitation.member = locked.status, member
    invitation.answered_at = locked.answered_at
    return answer


def accepted_message(answer) -> str:
    """What an invitee who accepted is told, going or on the waitlist."""
    if answer.status == answer.Status.WAITLISTED:
        return (
            "Thank you for accepting. It is full, so you are on the waitlist: if a place comes "
            "free it is yours, and we will email you."
        )
    return "Thank you for accepting: you are going. We have emailed you the details."


def decline(invitation, member=None) -> Invitation:
    """The invitee declines. Side effects: the invitation becomes declined (linked to `member`
    when they are signed in). Raises InvitationUsed or InvitationRefused as `accept`."""
    with bounded_transaction(InvitationRefused(BUSY)):
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        _check_answerable(locked, member)
        locked.status, locked.answered_at = Status.DECLINED, timezone.now()
        if member is not None:
            locked.member = member
        locked.save(update_fields=["status", "member", "answered_at"])
    return locked


def _check_answerable(invitation, member):
    if invitation.status in ANSWERED:
        raise InvitationUsed(
            f"This invitation has already been {invitation.get_status_display().lower()}.",
            invitation,
        )
    if invitation.status not in WAITING_FOR_ANSWER:
        raise UnknownInvitation("This invitation link does not work.")
    if member is not None and invitation.member_id and invitation.member_id != member.pk:
        raise InvitationRefused(
            "This invitation was sent to another member. If it was meant for you, ask the "
            "host to invite you."
        )


# Widening the room -------------------------------------------------------------------------------


def is_invitee(user, invitation) -> bool:
    """The person an invitation is for: the member it names, or whoever confirmed its address."""
    if not is_verified_member(user):
        return False
    if invitation.member_id:
        return invitation.member_id == user.pk
    return user.emailaddress_set.filter(email__iexact=invitation.email, verified=True).exists()


def may_propose(user, invitation) -> bool:
    return invitation.status in (Status.OPENED, Status.ACCEPTED) and is_invitee(user, invitation)


def propose(via_invitation, *, by, email, name, organisation, reason) -> Invitation:
    """An invitee proposes someone from outside their own organisation. The hosts decide.

    Side effects: creates a proposed `Invitation` (no link yet) one step further than the
    proposer's, with the proposer as its inviter and their reason as its message; notifies each
    host after commit.
    Raises InvitationRefused: not the invitee (or they declined), no reason, no organisation,
    the same organisation as the proposer's, already invited, too many proposals, the
    gathering is over.
    """
    via = via_invitation
    if not may_propose(by, via):
        raise InvitationRefused(
            "Only someone who has opened or accepted their invitation can propose others."
        )
    reason = _required(reason, "Say why they would add to this gathering: the hosts decide.")
    organisation = _required(
        organisation, "Say which organisation they are from: the point is to widen the room."
    )
    own = {
        _folded(Profile.objects.filter(user=by).values_list("organisation", flat=True).first()),
        _folded(via.organisation),
    } - {""}
    if _folded(organisation) in own:
        raise InvitationRefused(
            "Propose someone from outside your own organisation: the point is to widen the room."
        )
    email = _normalise(email)
    event = via.event
    _check_open_for_invitations(event)
    with transaction.atomic():
        Invitation.objects.select_for_update().get(pk=via.pk)
        if Invitation.objects.filter(via=via).count() >= MAX_PROPOSALS:
            raise InvitationRefused(
                f"You have proposed {MAX_PROPOSALS} people already; thank you. The hosts will "
                "be in touch."
            )
        _check_not_invited(event, email, None)
        proposal = Invitation(
            event=event,
            email=email,
            name=(name or "").strip(),
            organisation=organisation,
            message=reason,
            invited_by=by,
            via=via,
            depth=via.depth + 1,
            status=Status.PROPOSED,
        )
        _save_new(proposal)
        context = {
            "event": event,
            "proposal": proposal,
            "proposer": name_of(by),
            "host_url": settings.SITE_URL + reverse("events:host", kwargs={"pk": event.pk}),
        }
        for host in event.hosts.select_related("member"):
            notify(
                host.member,
                kind=UPDATE,
                template="proposal",
                context=context,
                key=f"proposal:{proposal.pk}",
            )
    return proposal


def decide_proposal(invitation, by, approve: bool, message: str = "") -> Invitation:
    """A host takes up a proposal (it becomes a sent invitation, with the host's own note beside
    the proposer's reason) or does not (it is kept, marked not taken up).

    Side effects: on approval, a token's hash, `sent_at`, and the email after commit.
    Raises InvitationRefused: not a host, already decided, the gathering is over.
    """
    event = invitation.event
    if not rules.is_host(by, event):
        raise InvitationRefused("Only this gathering's hosts can decide on proposals.")
    if approve:
        _check_open_for_invitations(event)
    with transaction.atomic():
        locked = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("invited_by")
            .get(pk=invitation.pk)
        )
        if locked.status != Status.PROPOSED:
            raise InvitationRefused("Someone has already decided on this proposal.")
        locked.event = event
        if not approve:
            locked.status = Status.REFUSED
            locked.save(update_fields=["status"])
            return locked
        locked.status, locked.host_note = Status.SENT, (message or "").strip()
        _new_sending(locked)
        locked.save()
        _send(locked)
    return locked


# Reach -------------------------------------------------------------------------------------------


@dataclass
class Step:
    """Invitations at one distance from the hosts."""

    label: str
    invited: int = 0
    accepted: int = 0


@dataclass
class Link:
    invitation: Invitation
    children: list = field(default_factory=list)


@dataclass
class Reach:
    steps: list
    organisations: int
    chains: list
    proposals: int

    @property
    def travelled(self) -> bool:
        return any(step.invited for step in self.steps[1:])


def reach(event) -> Reach:
    """How far invitations travelled beyond the usual circle: invitations sent and accepted
    directly, one step and two or more steps from the hosts; how many organisations they
    reached; and the chains of who invited whom (proposals included, for the hosts' view).
    Two queries whatever the number of invitations."""
    invitations = list(
        Invitation.objects.filter(event=event)
        .select_related("invited_by__profile", "member__profile")
        .order_by("depth", "created_at", "pk")
    )
    steps = [Step("Invited by the hosts"), Step("One step on"), Step("Two or more steps on")]
    organisations = set()
    for invitation in invitations:
        if invitation.status in (Status.PROPOSED, Status.REFUSED):
            continue
        step = steps[min(invitation.depth, 2)]
        step.invited += 1
        step.accepted += invitation.status == Status.ACCEPTED
        organisation = invitation.organisation
        if not organisation and invitation.member_id:
            organisation = invitation.member.profile.organisation
        if _folded(organisation):
            organisations.add(_folded(organisation))
    links = {invitation.pk: Link(invitation) for invitation in invitations}
    chains = []
    for invitation in invitations:
        parent = links.get(invitation.via_id)
        (parent.children if parent else chains).append(links[invitation.pk])
    proposals = sum(invitation.status == Status.PROPOSED for invitation in invitations)
    return Reach(steps=steps, organisations=len(organisations), chains=chains, proposals=proposals)


# Shared checks -----------------------------------------------------------------------------------


def _check_open_for_invitations(event):
    if not event.live:
        raise InvitationRefused("Publish the gathering before inviting people to it.")
    if event.is_cancelled:
        raise InvitationRefused("This gathering has been cancelled.")
    if event.has_ended():
        raise InvitationRefused("This gathering has already happened.")


def _check_not_invited(event, email, member):
    already = Invitation.objects.filter(event=event, email__iexact=email)
    if member is not None:
        already = already | Invitation.objects.filter(event=event, member=member)
    if already.exists():
        raise InvitationRefused(f"{email} is already invited to this gathering (or proposed).")


def _save_new(invitation):
    # Two hosts inviting the same address at the same moment: the second is told, not a 500.
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError as error:
        raise InvitationRefused(
            f"{invitation.email} is already invited to this gathering (or proposed)."
        ) from error


def _required(text, message) -> str:
    text = (text or "").strip()
    if not text:
        raise InvitationRefused(message)
    return text


def _normalise(email) -> str:
    email = (email or "").strip().lower()
    if "@" not in email or len(email) > 254:
        raise InvitationRefused("Give a whole email address, like name@example.org.")
    return email


def _folded(text) -> str:
    return " ".join((text or "").split()).casefold()


def name_of(user) -> str:
    if user is None:
        return "The hosts"
    profile = getattr(user, "profile", None)
    return profile.name if profile else user.get_full_name() or "A member"
