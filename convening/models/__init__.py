from .circles import Circle, CircleMembership, CircleSession, SessionAttendance, TaggedCircle
from .pages import HomeFeaturedPractice, HomePage, StandardPage
from .reflections import Commitment, Reflection, ReflectionReply, ReflectionVisibility

__all__ = [
    "Circle",
    "CircleMembership",
    "CircleSession",
    "Commitment",
    "HomeFeaturedPractice",
    "HomePage",
    "Reflection",
    "ReflectionReply",
    "ReflectionVisibility",
    "SessionAttendance",
    "StandardPage",
    "TaggedCircle",
]
