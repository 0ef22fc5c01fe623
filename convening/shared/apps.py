from django.apps import AppConfig
from django.urls import register_converter


class SharedConfig(AppConfig):
    name = "convening.shared"
    label = "shared"
    verbose_name = "Shared"

    def ready(self):
        # Before any URLconf is read: every app's routes take their ids as `<id:pk>`.
        from .ids import IdConverter, bound_wagtail_admin_choices

        register_converter(IdConverter, "id")
        bound_wagtail_admin_choices()
