from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = "Practice library"

    def ready(self):
        # Connects the receivers; what the library adds to other apps is in wagtail_hooks.py.
        from . import signals  # noqa: F401
