from .contact import ContactMessage
from .notifications import Notification
from .profile import Profile, ProfileQuerySet, Sector, TaggedBoundary, TaggedInterest
from .safety import Block, Report
from .user import User, UserManager

__all__ = [
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
]
