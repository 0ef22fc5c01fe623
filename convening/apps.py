from django.apps import AppConfig


class ConveningConfig(AppConfig):
    name = "convening"
    verbose_name = "Convening"

    def ready(self):
        # Register what circles add elsewhere: "Your circles" on /me/ and memberships in the
        # data download (panels); sessions in calendar feeds and reminders, commitments on /me/
        # (calendar_items, session_notices, commitment_panels); reflections on /me/ and in the
        # data download (reflection_data).
        from . import (  # noqa: F401
            calendar_items,
            commitment_panels,
            panels,
            reflection_data,
            session_notices,
        )
