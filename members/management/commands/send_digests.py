from django.core.management.base import BaseCommand
from django.utils import timezone

from members.digest import members_due_a_digest, send_digest


class Command(BaseCommand):
    help = (
        "Send each member whose weekly or monthly digest is due what is new since their last one. "
        "Safe to run as often as you like: a member gets at most one digest a day."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        # A list, not a streaming iterator: each send writes to the rows being read.
        due = list(members_due_a_digest(now))
        checked = len(due)
        sent = 0
        for profile in due:
            if send_digest(profile, now=now):
                sent += 1
        self.stdout.write(
            f"Digests due: {checked}; sent: {sent}; nothing new for: {checked - sent}."
        )
