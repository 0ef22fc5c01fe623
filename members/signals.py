from allauth.account.signals import email_confirmed
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
