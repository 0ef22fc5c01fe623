from django.apps import AppConfig


class SharedConfig(AppConfig):
    name = "convening.shared"
    label = "shared"
    verbose_name = "Shared"
