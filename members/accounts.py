"""State changes to a person's account that staff make: deactivating and reactivating it."""

from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.utils import timezone

DEACTIVATE_PERMISSION = "members.deactivate_member"


class AccountChangeRefused(Exception):
    """Staff asked for an account change that the rules do not allow; the message says why."""


def deactivate_member(user, *, by):
    """Close `user`'s account until staff reactivate it.

    Side effects: sets `user.is_active` to False and saves it; ends every session the member has
    (so reactivating later does not revive a session someone else may hold). From their next
    request they are signed out and cannot sign in, and their profile drops out of every listing
    (`ProfileQuerySet.visible_to` shows inactive accounts to staff only). Nothing is deleted.

    Raises AccountChangeRefused when `by` lacks the `members.deactivate_member` permission, when
    `by` is `user`, or when `user` is a superuser and `by` is not.
    """
    _check_may_change(user, by=by, verb="deactivate")
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        end_sessions(user)


def reactivate_member(user, *, by):
    """Let `user` sign in again and show their profile as they chose.

    Side effects: sets `user.is_active` to True and saves it.

    Raises AccountChangeRefused on the same rules as `deactivate_member`.
    """
    _check_may_change(user, by=by, verb="reactivate")
    user.is_active = True
    user.save(update_fields=["is_active"])


def account_change_refusal(user, *, by, verb="deactivate"):
    """Why `by` may not deactivate (or reactivate) `user`'s account, or None if they may.
    Nobody closes their own account this way, and only a superuser touches a superuser's."""
    if not by.has_perm(DEACTIVATE_PERMISSION):
        return f"You do not have permission to {verb} accounts."
    if user.pk == by.pk:
        return f"You cannot {verb} your own account."
    if user.is_superuser and not by.is_superuser:
        return f"Only a superuser can {verb} a superuser's account."
    return None


def _check_may_change(user, *, by, verb):
    if refusal := account_change_refusal(user, by=by, verb=verb):
        raise AccountChangeRefused(refusal)


def end_sessions(user):
    """Delete the stored sessions signed in as `user`.

    Side effects: deletes session rows (and their cached copies) for database-backed session
    engines. Other engines keep sessions where the server cannot reach them (signed cookies) or
    cannot list them (plain cache); for those, Django's refusal of inactive users on each request
    is what signs the member out.
    """
    engine = import_module(settings.SESSION_ENGINE)
    store_class = engine.SessionStore
    if not hasattr(store_class, "get_model_class"):
        return
    # Sessions are keyed by a random string, not by user, so the live ones have to be read. This
    # is a rare staff action and expired sessions are skipped.
    live = store_class.get_model_class().objects.filter(expire_date__gt=timezone.now())
    user_id = str(user.pk)
    for session in live.only("session_key", "session_data").iterator():
        data = store_class().decode(session.session_data)
        if str(data.get("_auth_user_id")) == user_id:
            store_class(session.session_key).delete()
