from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = "Practice library"

    def ready(self):
        # Register what the library adds to members' profiles, /me/, digests and data rights.
        from . import panels, profile_sections, signals, submission_panels  # noqa: F401
