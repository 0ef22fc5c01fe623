from django.apps import AppConfig


class CirclesConfig(AppConfig):
    """Small sealed peer-reflection circles: their members, sessions, reflections, commitments
    and each member's portfolio."""

    name = "convening.circles"
    label = "circles"
    verbose_name = "Circles"

    def ready(self):
        # What circles add to other apps is registered in wagtail_hooks.py; this connects the
        # receiver that cancels a closed circle's sessions.
        from . import sessions  # noqa: F401
