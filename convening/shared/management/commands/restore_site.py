"""`manage.py restore_site <backup>`: the database and the uploaded files as they were."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from convening.shared.backups import BackupError, database_location, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_site: the database and the media folders become "
        "what they were when it was made. Into a database that has tables, only with --replace."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="the backup-<time> folder")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace what the database and the media folders hold now (asked for on "
            "purpose, since nothing of it is kept)",
        )

    def handle(self, *args, backup, replace=False, **options):
        self.stdout.write(f"Restoring {backup} into {database_location()}...")
        try:
            done = restore(backup, replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {done.created}: the database"
                + "".join(f", {folder}" for folder in done.folders)
                + ". The cache was emptied."
            )
        )
        self.stdout.write(
            "Run `manage.py migrate` if this code is newer than the backup; start the web "
            "processes and workers again."
        )
