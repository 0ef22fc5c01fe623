from django.core.management.base import BaseCommand

from convening.circles.commitments import send_commitment_follow_ups


class Command(BaseCommand):
    help = (
        "Ask members how their commitments went, four to six weeks after the session. Run it "
        "daily; each commitment is asked about once however often it runs."
    )

    def handle(self, *args, **options):
        asked = send_commitment_follow_ups()
        self.stdout.write(f"Commitment follow-ups sent: {asked}.")
