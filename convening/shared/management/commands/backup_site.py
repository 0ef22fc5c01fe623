"""`manage.py backup_site`: the database and the uploaded files, into one backup folder."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from convening.shared.backups import BackupError, back_up, database_location, default_folder


class Command(BaseCommand):
    help = (
        "Back up the database (PostgreSQL: pg_dump's custom format; SQLite: its online copy) "
        "and the media folders (MEDIA_ROOT and the private pictures) into one folder, "
        "backup-<UTC time>, inside BACKUP_DIR (default: backups/ in the project)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", type=Path, help="the folder to put the backup in")

    def handle(self, *args, to=None, **options):
        folder = to or default_folder()
        self.stdout.write(f"Backing up {database_location()} and the media folders...")
        try:
            made = back_up(folder)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Backup made: {made}"))
        self.stdout.write(
            "It holds every member's data: keep it off this machine, encrypted, and delete "
            "old ones. Restore with: make restore BACKUP=" + str(made)
        )
