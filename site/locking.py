"""Row locks that wait a bounded time: a busy lock becomes a friendly "try again", never a
request that hangs. Used by every service that locks a row before counting places."""

from django.db import connection

# How long a change waits for another change's lock before giving up.
LOCK_TIMEOUT = "5s"


def bound_lock_wait():
    """Inside a transaction on PostgreSQL, give up waiting for a lock after LOCK_TIMEOUT.
    SQLite's busy timeout (settings) plays the same part there."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")


def is_lock_timeout(error) -> bool:
    """Whether an OperationalError means the lock did not come in time."""
    cause = getattr(error, "__cause__", None)
    code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    return code == "55P03" or "database is locked" in str(error)
