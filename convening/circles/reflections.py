"""Writing, sharing and answering reflections: one function per state change.

Who may read a reflection is `Reflection.objects.visible_to` (models/reflections.py); these
functions check who may change one and keep what is shared inside its circle: the email
telling an author about a reply names the replier and the title, never the reply itself."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from convening.circles import rules
from convening.circles.models import (
    Circle,
    CircleMembership,
    CircleSession,
    Commitment,
    Reflection,
    ReflectionReply,
    ReflectionVisibility,
)
from convening.circles.structures import STRUCTURES, structure_of
from members.notifications import UPDATE, notify
from practices.models import Competency
from practices.value import ValueCycle

REPLY_MAX = 3000
# Every way to write to someone is rate-limited: each reply emails the reflection's author.
REPLIES_PER_HOUR = 10
REPLIES_PER_DAY = 40


class ReflectionRefused(ValueError):
    """What the member asked for cannot be done; the message says why, in their words.
    `field` names the part of a reflection at fault, when it is one (a view shows the message
    beside it)."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


# Said by the reflection form too, when a choice it offers was not one of the member's.
NOT_YOUR_CIRCLE = "You can only share with a circle you are a member of."


def not_competencies(codes) -> str:
    """The message for competency codes the standard does not have (K1 to K5, S1 to S11,
    B1 to B9); the reflection form gives it for a code that is not one of its choices."""
    verb = "is" if len(codes) == 1 else "are"
    return (
        f"{', '.join(codes)} {verb} not a competency of the standard: use K1 to K5, S1 to S11 "
        "or B1 to B9."
    )


def circles_of(member):
    """The circles a member may share a reflection with: those they are an active member of."""
    if not member.is_authenticated:
        return Circle.objects.none()
    return Circle.objects.filter(
        memberships__member=member, memberships__status=CircleMembership.Status.ACTIVE
    ).order_by("name", "pk")


def competencies_for(codes) -> list[Competency]:
    """The competencies named by `codes` (K1, S9, B1...). Raises ReflectionRefused naming any
    code the standard does not have."""
    wanted = [str(code).strip().upper() for code in codes if str(code).strip()]
    found = {c.code: c for c in Competency.objects.filter(code__in=wanted)}
    unknown = [code for code in wanted if code not in found]
    if unknown:
        raise ReflectionRefused(not_competencies(unknown), field="competencies")
    return [found[code] for code in dict.fromkeys(wanted)]


def _check(author, fields, existing=None) -> dict:
    """Validate what a reflection is, for `author`; returns the fields to save. What an
    `existing` reflection is already about may stay, even if the author can no longer see it
    (they left the circle): it is still what they wrote about. Raises ReflectionRefused with
    the first thing that is wrong."""
    title = (fields.get("title") or "").strip()
    if not title:
        raise ReflectionRefused("Give your reflection a title.")
    structure = fields.get("structure") or "open"
    if structure not in STRUCTURES:
        raise ReflectionRefused("Choose one of the reflective structures offered.")
    prompts = {prompt.key: prompt for prompt in structure_of(structure).prompts}
    sections = [
        {
            "key": key,
            "heading": prompts[key].heading,
            "text": (fields.get("sections") or {}).get(key, "").strip(),
        }
        for key in prompts
    ]
    if not any(section["text"] for section in sections):
        raise ReflectionRefused("Write something in at least one section.")
    date = fields.get("date") or timezone.localdate()
    if date > timezone.localdate() + datetime.timedelta(days=1):
        raise ReflectionRefused("A reflection looks back: its date cannot be in the future.")
    value_cycle = fields.get("value_cycle") or ""
    if value_cycle and value_cycle not in ValueCycle.values:
        raise ReflectionRefused("Choose one of the value-creation cycles offered.")

    def kept(key, value):
        return existing is not None and getattr(existing, f"{key}_id") == value.pk

    session = fields.get("session")
    if (
        session is not None
        and not kept("session", session)
        and not rules.can_see_session(author, session)
    ):
        raise ReflectionRefused("You can only write about sessions of circles you are in.")
    for key, message in (
        ("gathering", "You can only write about gatherings you can see."),
        ("practice", "You can only write about practices published in the library."),
        ("story", "You can only write about stories published in the library."),
    ):
        page = fields.get(key)
        if page is not None and not kept(key, page) and not _page_visible(author, key, page):
            raise ReflectionRefused(message)

    visibility = fields.get("visibility") or ReflectionVisibility.PRIVATE
    if visibility not in ReflectionVisibility.values:
        raise ReflectionRefused("Choose who can read it: only you, your circle or all members.")
    circle = fields.get("circle") if visibility == ReflectionVisibility.CIRCLE else None
    if visibility == ReflectionVisibility.CIRCLE:
        if circle is None:
            raise ReflectionRefused("Choose the circle to share it with.", field="circle")
        if not circles_of(author).filter(pk=circle.pk).exists():
            raise ReflectionRefused(NOT_YOUR_CIRCLE, field="circle")
    return {
        "title": title[:160],
        "date": date,
        "structure": structure,
        "sections": sections,
        "session": session,
        "gathering": fields.get("gathering"),
        "practice": fields.get("practice"),
        "story": fields.get("story"),
        "value_cycle": value_cycle,
        "visibility": visibility,
        "circle": circle,
    }


def _page_visible(user, kind, page) -> bool:
    from events.models import EventPage
    from practices.models import PracticePage, StoryPage

    if kind == "gathering":
        return EventPage.objects.live().visible_to(user).filter(pk=page.pk).exists()
    model = PracticePage if kind == "practice" else StoryPage
    return model.objects.live().public().filter(pk=page.pk).exists()


def write_reflection(author, *, competencies=(), **fields) -> Reflection:
    """Save a new reflection by `author`.

    `fields`: title, date, structure (a code of convening/structures.py), sections (a dict of
    prompt key -> text), session, gathering, practice, story, value_cycle, visibility, circle.
    `competencies` are codes (K1...B9).

    Side effects, in one transaction: creates the reflection and its competency tags; when it
    is about a session and its structure has a commitment prompt ("Now what?") that was
    answered, records that answer as a commitment (`convening.circles.commitments.commit`).
    Raises ReflectionRefused (nothing saved) for an unknown competency code, a circle the author
    is not in, something to write about that they may not see, or an empty reflection."""
    tags = competencies_for(competencies)
    values = _check(author, fields)
    with transaction.atomic():
        reflection = Reflection.objects.create(author=author, **values)
        reflection.competencies.set(tags)
        _keep_commitment(reflection)
    return reflection


def edit_reflection(reflection, editor, *, competencies=(), **fields) -> Reflection:
    """Change a reflection; only its author may. Same fields, checks and errors as
    `write_reflection`; the commitment made from it follows its "Now what?" answer (created,
    changed, or removed when emptied and not yet answered). Raises ReflectionRefused for anyone
    but the author."""
    if not rules.can_edit_reflection(editor, reflection):
        raise ReflectionRefused("Only the author can change a reflection.")
    tags = competencies_for(competencies)
    values = _check(editor, fields, existing=reflection)
    with transaction.atomic():
        for name, value in values.items():
            setattr(reflection, name, value)
        reflection.save()
        reflection.competencies.set(tags)
        _keep_commitment(reflection)
    return reflection


def _keep_commitment(reflection) -> None:
    """The answer to the structure's commitment prompt, when about a session, is what the
    author said they would do: create or update that commitment, or drop it when the answer
    was emptied (unless it has been answered already)."""
    from convening.circles.commitments import CommitmentError, commit

    prompt = structure_of(reflection.structure).commitment_prompt
    text = reflection.text_of(prompt.key) if prompt and reflection.session_id else ""
    existing = Commitment.objects.filter(reflection=reflection, member=reflection.author).first()
    if existing is not None and existing.done:
        return
    if not text:
        if existing is not None:
            existing.delete()
        return
    if existing is not None and (existing.text, existing.session_id) == (
        _shorten(text, Commitment._meta.get_field("text").max_length),
        reflection.session_id,
    ):
        return
    if not rules.can_see_session(reflection.author, reflection.session):
        # The author has left the circle: what they committed to then stays as it was.
        return
    limit = Commitment._meta.get_field("text").max_length
    try:
        commit(reflection.author, reflection.session, _shorten(text, limit), reflection=reflection)
    except CommitmentError as error:
        raise ReflectionRefused(str(error)) from error


def delete_reflection(reflection, member) -> None:
    """Delete a reflection, with its replies and the commitment made from it (by cascade);
    only its author may. Raises ReflectionRefused for anyone else."""
    if not rules.can_edit_reflection(member, reflection):
        raise ReflectionRefused("Only the author can delete a reflection.")
    reflection.delete()


def reply_to(reflection, member, text) -> ReflectionReply:
    """Add `member`'s reply to a shared reflection they may read.

    Side effects: creates the reply, which is read exactly where the reflection is; emails the
    author (kind UPDATE, once per reply) that someone replied, with a link and without the
    reply's words, so no circle content travels by email. Raises ReflectionRefused (nothing
    saved) for an empty or too long reply, or a reflection they may not reply to."""
    text = (text or "").strip()
    if not rules.can_reply(member, reflection):
        raise ReflectionRefused("You cannot reply to this reflection.")
    if not text:
        raise ReflectionRefused("Write your reply first.")
    if len(text) > REPLY_MAX:
        raise ReflectionRefused(f"Keep your reply under {REPLY_MAX} characters.")
    now = timezone.now()
    with transaction.atomic():
        # Counted under a lock on the member's own replies, so a burst cannot slip past.
        recent = ReflectionReply.objects.select_for_update().filter(author=member)
        if recent.filter(created_at__gte=now - datetime.timedelta(hours=1)).count() >= (
            REPLIES_PER_HOUR
        ):
            raise ReflectionRefused("You have replied a lot in the last hour. Try again later.")
        if recent.filter(created_at__gte=now - datetime.timedelta(days=1)).count() >= (
            REPLIES_PER_DAY
        ):
            raise ReflectionRefused("You have replied a lot today. Try again tomorrow.")
        reply = ReflectionReply.objects.create(reflection=reflection, author=member, text=text)
        if reflection.author_id != member.pk:
            notify(
                reflection.author,
                kind=UPDATE,
                template="reflection_reply",
                context={
                    "replier": member.profile.name,
                    "title": reflection.title,
                    "reflection_url": settings.SITE_URL + reflection.get_absolute_url(),
                },
                key=f"reflection-reply:{reply.pk}",
            )
    return reply


TRIED_CHOICES = [
    ("yes", "Yes, I tried it"),
    ("partly", "Partly"),
    ("no", "Not yet, or not at all"),
]


def record_outcome(
    commitment,
    member,
    *,
    tried,
    text,
    value_cycle="",
    visibility=ReflectionVisibility.PRIVATE,
    circle=None,
) -> Reflection:
    """Answer "did you try it? what happened?" for one's own commitment.

    Side effects, in one transaction: writes an open reflection about the same session (when
    the member may still see it), private unless they choose otherwise, with the value cycle
    they chose (applied or realised value, or none); records it as the commitment's `outcome`
    and marks the commitment done. Raises ReflectionRefused (nothing saved) for someone else's
    commitment, one already answered, or an empty answer."""
    if commitment.member_id != member.pk:
        raise ReflectionRefused("Only the member who made this commitment can answer it.")
    answer = dict(TRIED_CHOICES).get(tried)
    if answer is None:
        raise ReflectionRefused("Say whether you tried it.")
    text = (text or "").strip()
    if not text:
        raise ReflectionRefused("Say what happened, even in a line.")
    session = commitment.session
    if session is not None and not rules.can_see_session(member, session):
        session = None
    with transaction.atomic():
        locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
        if locked.done or locked.outcome_id:
            raise ReflectionRefused("You have already said how this went.")
        reflection = write_reflection(
            member,
            title=f"How it went: {_shorten(commitment.text, 120)}",
            date=timezone.localdate(),
            structure="open",
            sections={"reflection": f"I said I would: {commitment.text}\n\n{answer}.\n\n{text}"},
            session=session,
            value_cycle=value_cycle,
            visibility=visibility,
            circle=circle,
        )
        locked.outcome = reflection
        locked.done = True
        locked.save(update_fields=["outcome", "done"])
    commitment.refresh_from_db()
    return reflection


def _shorten(text, length) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def shared_with_circle(member, circle):
    """The reflections shared with `circle` that `member` may read, newest first, with their
    authors' profiles: for the circle's active members only (`Reflection.objects.visible_to`)."""
    return (
        Reflection.objects.visible_to(member)
        .filter(circle=circle, visibility=ReflectionVisibility.CIRCLE)
        .select_related("author__profile")
        .order_by("-date", "-pk")
    )


def sessions_for(member):
    """Sessions a member may write about, newest first."""
    return (
        CircleSession.objects.visible_to(member)
        .select_related("circle")
        .order_by("-starts_at", "-pk")
    )
