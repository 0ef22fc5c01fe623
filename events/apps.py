from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Gatherings"

    def ready(self):
        # Connects the receivers; what gatherings add to other apps is in wagtail_hooks.py.
        from . import signals, signup  # noqa: F401
