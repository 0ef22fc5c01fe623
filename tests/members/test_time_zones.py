"""Times are shown in the viewer's own zone."""

from datetime import UTC, datetime

import pytest

from members.models import ContactMessage

from ..conftest import signed_in
from ..factories import make_member

pytestmark = pytest.mark.django_db


def test_a_message_time_reads_in_each_recipients_own_zone():
    sender = make_member(name="Sender")
    london = make_member(name="In London", time_zone="Europe/London")
    new_york = make_member(name="In New York", time_zone="America/New_York")
    sent = datetime(2026, 7, 1, 10, 30, tzinfo=UTC)
    for recipient in (london, new_york):
        message = ContactMessage.objects.create(sender=sender, recipient=recipient, body="Hi")
        ContactMessage.objects.filter(pk=message.pk).update(created_at=sent)
    assert "1 July 2026, 11:30" in signed_in(london).get("/me/messages/").content.decode()
    assert "1 July 2026, 06:30" in signed_in(new_york).get("/me/messages/").content.decode()
