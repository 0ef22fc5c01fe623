"""Test data that looks like the community: members with verified addresses and profiles."""

import time

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from allauth.mfa.utils import decrypt
from django.contrib.auth.models import Group

from members.models import Profile, Sector, User
from members.visibility import Visibility


class UserFactory(factory.django.DjangoModelFactory):
    """An account whose email address is verified: a member."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", "a-long-test-password")

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        user.save()
        if extracted is False:
            EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
        else:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


def make_member(
    *,
    name="Sam Member",
    visibility=Visibility.MEMBERS,
    sectors=(),
    interests=(),
    boundaries=(),
    verified=True,
    **profile_fields,
):
    """A member with a profile filled in as given, who has been through onboarding."""
    profile_fields.setdefault("onboarding", "done")
    user = UserFactory(verified=verified)
    profile = user.profile
    profile.display_name = name
    profile.slug = ""
    profile.visibility = visibility
    for field, value in profile_fields.items():
        setattr(profile, field, value)
    profile.save()
    if sectors:
        profile.sectors.set(Sector.objects.filter(slug__in=sectors))
    if interests:
        profile.interests.set(list(interests))
    if boundaries:
        profile.boundaries.set(list(boundaries))
    return user


def make_staff(*, group=None, superuser=False, two_factor=True, name="Staff Person"):
    user = make_member(name=name)
    if superuser:
        user.is_superuser = user.is_staff = True
        user.save()
    if group:
        user.groups.add(Group.objects.get(name=group))
    if two_factor:
        TOTP.activate(user, generate_totp_secret())
    return user


def code_from_app(user=None, *, secret=None) -> str:
    """The six digits the person's authenticator app shows now (`secret` while enrolling)."""
    if secret is None:
        app = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        secret = decrypt(app.data["secret"])
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def profile_of(user) -> Profile:
    return Profile.objects.get(user=user)
