from .circles import Circle, CircleMembership, CircleSession, SessionAttendance, TaggedCircle
from .reflections import Commitment, Reflection, ReflectionReply, ReflectionVisibility

__all__ = [
    "Circle",
    "CircleMembership",
    "CircleSession",
    "Commitment",
    "Reflection",
    "ReflectionReply",
    "ReflectionVisibility",
    "SessionAttendance",
    "TaggedCircle",
]
