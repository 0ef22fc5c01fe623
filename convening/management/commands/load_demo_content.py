from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

OUR_APPS = ["members", "practices", "events", "convening", "convening.circles"]


class Command(BaseCommand):
    help = (
        "Build the demo community: each of our apps that has a demo module adds its part, lowest "
        "app first. Safe to run again: it creates nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Run even with DEBUG off. The demo accounts have published passwords.",
        )

    def handle(self, *args, allow_without_debug=False, **options):
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError(
                "Demo content creates accounts with published passwords; it runs only with "
                "DEBUG=true (or --allow-without-debug)."
            )
        for app_config in apps.get_app_configs():
            if app_config.name not in OUR_APPS or not find_spec(f"{app_config.name}.demo"):
                continue
            self.stdout.write(f"Demo content: {app_config.verbose_name}")
            with transaction.atomic():
                import_module(f"{app_config.name}.demo").load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
