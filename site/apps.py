from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The project itself as an app, for what belongs to no domain: the integer lookups that
    find nothing past the database's range."""

    name = "convening_site"
    verbose_name = "Convening site"

    def ready(self):
        from .integer_lookups import register_lookups

        register_lookups()
