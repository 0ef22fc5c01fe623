from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The project itself as an app, for what belongs to no domain: the content cache, the
    routing shortcuts and the integer lookups that find nothing past the database's range."""

    name = "convening_site"
    verbose_name = "Convening site"

    def ready(self):
        from .content_cache import connect_signals
        from .integer_lookups import register_lookups
        from .page_routing import install_shortcuts

        connect_signals()
        install_shortcuts()
        register_lookups()
