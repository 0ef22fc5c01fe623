from .contact import ContactMessage
from .notifications import Notification
from .profile import (
    Audience,
    Profile,
    ProfileQuerySet,
    Sector,
    TaggedBoundary,
    TaggedInterest,
    is_verified_member,
)
from .safety import Block, Report
from .user import User, UserManager

__all__ = [
    "Audience",
    "Block",
    "ContactMessage",
    "Notification",
    "Profile",
    "ProfileQuerySet",
    "Report",
    "Sector",
    "TaggedBoundary",
    "TaggedInterest",
    "User",
    "UserManager",
    "is_verified_member",
]
