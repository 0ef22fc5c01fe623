from django.core.management.base import BaseCommand

from events.reminders import send_due_reminders


class Command(BaseCommand):
    help = (
        "Email members going to a gathering the reminders now due: a day before and an hour "
        "before. Run it every 5 to 10 minutes; each reminder is sent once however often it runs."
    )

    def handle(self, *args, **options):
        sent = send_due_reminders()
        self.stdout.write(
            f"Reminders sent: {sent['day']} a day before, {sent['hour']} an hour before."
        )
