from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Gatherings"

    def ready(self):
        # Register what gatherings add to /me/, profiles, practice pages, digests and data rights,
        # and the secret links of members' invitation emails (minted as each email is sent).
        from . import invitations, panels, signals, signup, usage  # noqa: F401
