from django.apps import AppConfig


class ConveningConfig(AppConfig):
    """The site's home and standard pages, its navigation and the demo command; the domains
    are apps of their own (circles in convening/circles/, beside members, practices, events)."""

    name = "convening"
    verbose_name = "Convening"
