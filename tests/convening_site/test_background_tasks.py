"""The Procfile's worker: tasks enqueued in the database are run by `manage.py db_worker`."""

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.core.management import call_command
from django.test import override_settings
from django_tasks import task
from django_tasks_db.models import DBTaskResult


@task()
def send_welcome(address):
    send_mail("Welcome", "Glad you are here.", None, [address])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_worker_runs_a_task_stored_in_the_database():
    send_welcome.using(backend="default").enqueue("new@example.org")
    assert DBTaskResult.objects.count() == 1
    assert mail.outbox == []

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    assert [message.to for message in mail.outbox] == [["new@example.org"]]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db
def test_tasks_run_at_once_in_the_test_suite():
    send_welcome.enqueue("now@example.org")
    assert [message.to for message in mail.outbox] == [["now@example.org"]]
