"""An address belongs to whoever confirms it. A sign-up nobody confirmed, or an address change
still waiting for its confirmation, does not keep the address's owner from joining (#16, item
10): allauth counts unconfirmed claims as taken, so `SignupForm.try_save` asks here first."""

from allauth.account.models import EmailAddress
from django.db import transaction

from .models import User


def release_unconfirmed_claims(email: str) -> bool:
    """Drop every unconfirmed claim on `email`, unless someone has confirmed it. An account
    that never confirmed any address (so never signed in) goes with its claim; a member's
    pending change of address is dropped and their account stays. Returns whether the address
    is now free."""
    with transaction.atomic():
        claims = EmailAddress.objects.select_for_update().filter(email__iexact=email)
        if claims.filter(verified=True).exists():
            return False
        claimants = set(claims.values_list("user_id", flat=True))
        claimants |= set(User.objects.filter(email__iexact=email).values_list("pk", flat=True))
        claims.delete()
        confirmed_elsewhere = set(
            EmailAddress.objects.filter(user_id__in=claimants, verified=True).values_list(
                "user_id", flat=True
            )
        )
        User.objects.filter(pk__in=claimants - confirmed_elsewhere, last_login=None).delete()
        # A member keeping their account keeps their confirmed address as the one we write to.
        for user in User.objects.filter(pk__in=confirmed_elsewhere, email__iexact=email):
            primary = EmailAddress.objects.filter(user=user, verified=True).first()
            user.email = primary.email
            user.save(update_fields=["email"])
        return not User.objects.filter(email__iexact=email).exists()
