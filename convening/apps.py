from django.apps import AppConfig


class ConveningConfig(AppConfig):
    name = "convening"
    verbose_name = "Convening"

    def ready(self):
        # What circles add to other apps is registered in wagtail_hooks.py; this connects the
        # receiver that cancels a closed circle's sessions.
        from . import sessions  # noqa: F401
