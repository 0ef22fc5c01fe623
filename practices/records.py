"""A member's own records of practices: the list they keep, and the practices they have used.

Each function is safe to call twice: a practice is on a member's list once, and a member has
one "I have used this" record per practice, which a second call updates.
"""

from .models import PracticePage, PracticeUse, SavedPractice


class PracticeUnavailable(Exception):
    """The practice is not published, so it cannot be saved or recorded as used."""


def _check_live(practice: PracticePage) -> None:
    if not practice.live:
        raise PracticeUnavailable(f"“{practice.title}” is not in the library at the moment.")


def save_practice(member, practice: PracticePage) -> SavedPractice:
    """Put `practice` on `member`'s list; nothing changes if it is already there.
    Writes one SavedPractice row at most. Raises PracticeUnavailable for a practice that is not
    live."""
    _check_live(practice)
    # get_or_create copes with two saves racing (the unique constraint decides, then it reads).
    saved, _ = SavedPractice.objects.get_or_create(member=member, practice=practice)
    return saved


def unsave_practice(member, practice: PracticePage) -> bool:
    """Take `practice` off `member`'s list. Returns whether it was there. Works for a practice
    that has since been unpublished, so nobody is stuck with it."""
    deleted, _ = SavedPractice.objects.filter(member=member, practice=practice).delete()
    return bool(deleted)


def record_use(
    member,
    practice: PracticePage,
    *,
    where: str = "",
    group_size: int | None = None,
    note: str = "",
) -> PracticeUse:
    """Record that `member` has used `practice`, with where, with how many people and what
    worked. A member has one record per practice: recording again replaces the details (and
    moves it to the top of their list). Raises PracticeUnavailable for a practice that is not
    live."""
    _check_live(practice)
    # update_or_create locks the member's row for this practice in its own transaction.
    use, _ = PracticeUse.objects.update_or_create(
        member=member,
        practice=practice,
        defaults={"where": where, "group_size": group_size, "note": note},
    )
    return use


def saved_practices(member):
    """The live practices on `member`'s list, most recently saved first."""
    return SavedPractice.objects.filter(member=member, practice__live=True).order_by(
        "-created_at", "-pk"
    )


def practices_used(member):
    """`member`'s "I have used this" records of live practices, with their notes, most
    recently recorded or updated first."""
    return PracticeUse.objects.filter(member=member, practice__live=True).order_by(
        "-updated_at", "-pk"
    )
