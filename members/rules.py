"""Who may do what with another member, and who may open the admin."""

from django.contrib.auth.models import Permission
from django.db.models import Q

from .models import is_verified_member


def may_open_the_admin(user) -> bool:
    """What `user.has_perm("wagtailadmin.access_admin")` answers: an active superuser, or an
    active account given Wagtail's admin access itself or through one of its groups. Asked in
    one query (none for a superuser or a visitor) where `has_perm` loads every permission the
    account has, in two: the account menu asks it on every page a member reads."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    if hasattr(user, "_perm_cache"):
        # Something else on the page asked Django already, which keeps every permission it
        # loaded on this user object for the rest of the request (ModelBackend): no query.
        return user.has_perm("wagtailadmin.access_admin")
    return (
        Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
        .filter(Q(user=user) | Q(group__user=user))
        .exists()
    )


def can_block(viewer, other) -> bool:
    return is_verified_member(viewer) and viewer.pk != other.pk
