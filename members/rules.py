"""Who may do what with another member."""

from .models import is_verified_member


def can_block(viewer, other) -> bool:
    return is_verified_member(viewer) and viewer.pk != other.pk
