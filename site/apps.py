from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The project itself as an app, for what belongs to no domain: the content cache."""

    name = "convening_site"
    verbose_name = "Convening site"

    def ready(self):
        from .content_cache import connect_signals

        connect_signals()
