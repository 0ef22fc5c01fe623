from allauth.account.signals import email_confirmed, password_reset
from allauth.mfa.signals import authenticator_used
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models import Subquery
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from . import two_factor
from .models import Profile, User

MEMBERS_GROUP = "Members"


@receiver(post_save, sender=User)
def give_every_account_a_profile(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        Profile.objects.get_or_create(
            user=instance, defaults={"display_name": instance.get_full_name()}
        )


@receiver(user_logged_in, dispatch_uid="members.keep_the_previous_sign_in")
def keep_the_previous_sign_in(sender, request, user, **kwargs):
    """Keep when the member signed in before this time, for /me/'s "since your last visit".

    Django's own receiver (`update_last_login`) then overwrites `last_login` with now: ours is
    connected first because members comes before django.contrib.auth in INSTALLED_APPS (a test
    signs in twice to hold that). The previous time is read by the UPDATE itself, from the
    row, so an old copy of `user` cannot give a wrong one."""
    previous = User.objects.filter(pk=user.pk).values("last_login")
    Profile.objects.filter(user=user).update(previous_sign_in_at=Subquery(previous))


@receiver(email_confirmed)
def verified_people_become_members(sender, request, email_address, **kwargs):
    group, _ = Group.objects.get_or_create(name=MEMBERS_GROUP)
    email_address.user.groups.add(group)


# allauth keeps a password reset link's key in the session, so the form's own address holds no
# secret; once used it is dead, and it is dropped so no copy of it stays in the session store.
ALLAUTH_RESET_SESSION_KEY = "_password_reset_key"


@receiver(password_reset)
def forget_the_used_reset_key(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None:
        session.pop(ALLAUTH_RESET_SESSION_KEY, None)


# A session passes the second factor when the person uses their authenticator: signing in with
# its code, or confirming it later (allauth's reauthentication). Enrolling: the middleware.
@receiver(authenticator_used)
def note_the_second_factor(sender, request, user, **kwargs):
    # While signing in, the request's user is still anonymous.
    if request is not None and request.user.pk in (None, user.pk):
        two_factor.note_passed(request)


@receiver(m2m_changed, sender=User.groups.through)
def staff_roles_start_two_factor(sender, instance, action, reverse, pk_set, **kwargs):
    """Enrolment happens when a role with staff powers is granted: the person is emailed the
    link that starts it (`two_factor`), and their powers wait for it."""
    if action != "post_add" or not pk_set or not two_factor.is_required():
        return
    if reverse:  # group.user_set.add(...)
        people = User.objects.filter(pk__in=pk_set)
        groups = [instance]
    else:  # user.groups.add(...), as the admin's user form does
        people = [instance]
        groups = Group.objects.filter(pk__in=pk_set)
    roles = [g.name for g in groups if g.permissions.filter(codename="access_admin").exists()]
    if not roles:
        return
    for person in people:
        if person.is_active and person.email and not is_mfa_enabled(person):
            reason = (
                f"You have been given the {' and '.join(roles)} role on Convening. Its powers "
                "wait until you sign in with an authenticator app as well as your password."
            )
            transaction.on_commit(
                lambda pk=person.pk, reason=reason: two_factor.email_enrolment_link.enqueue(
                    pk, reason
                )
            )
