"""Row locks that wait a bounded time: a busy lock becomes a friendly "try again", never a
request that hangs. Used by every service that locks a row before counting places."""

from contextlib import contextmanager

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.shortcuts import render

# How long a change waits for another change's lock before giving up (settings.LOCK_TIMEOUT_MS).
LOCK_TIMEOUT_MS = 5000


def lock_timeout_ms() -> int:
    return int(getattr(settings, "LOCK_TIMEOUT_MS", LOCK_TIMEOUT_MS))


def bound_lock_wait():
    """Inside a transaction on PostgreSQL, give up waiting for a lock after LOCK_TIMEOUT_MS.
    SQLite's busy timeout (settings) plays the same part there."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # set_config(..., true) is SET LOCAL: it ends with the transaction.
            cursor.execute(
                "SELECT set_config('lock_timeout', %s, true)", [f"{lock_timeout_ms()}ms"]
            )


def is_lock_timeout(error) -> bool:
    """Whether an OperationalError means the lock did not come in time."""
    cause = getattr(error, "__cause__", None)
    code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    return code == "55P03" or "database is locked" in str(error)


@contextmanager
def bounded_transaction(busy):
    """`with bounded_transaction(SomeRefusal("... try again")):` a transaction whose lock waits
    are bounded; a lock that does not come in time raises `busy` (an exception the caller's view
    already shows as a message)."""
    try:
        with transaction.atomic():
            bound_lock_wait()
            yield
    except OperationalError as error:
        if is_lock_timeout(error):
            raise busy from error
        raise


class BusyMiddleware:
    """The safety net under the services: a lock that did not come in time anywhere a service
    did not turn it into its own "try again" (an admin publish, say) answers 503 with the site's
    layout and a Retry-After, never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError) and is_lock_timeout(exception):
            response = render(request, "busy.html", status=503)
            response["Retry-After"] = "5"
            return response
        return None
