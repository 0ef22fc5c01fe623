from allauth.account.signals import email_confirmed, password_reset
from django.contrib.auth.models import Group
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Profile, User

MEMBERS_GROUP = "Members"


@receiver(post_save, sender=User)
def give_every_account_a_profile(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        Profile.objects.get_or_create(
            user=instance, defaults={"display_name": instance.get_full_name()}
        )


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
