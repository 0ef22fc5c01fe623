"""Turns the two start-up failures people hit first into one readable line each."""

import sys

from django.core.exceptions import ImproperlyConfigured


def _stop(message: str) -> None:
    print(f"Convening cannot start: {message}", file=sys.stderr)
    sys.exit(1)


def load_settings() -> None:
    from django.conf import settings

    try:
        settings.INSTALLED_APPS  # noqa: B018 (touching it loads the settings module)
    except ImproperlyConfigured as error:
        _stop(str(error))


def database_location() -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"the SQLite file {db['NAME']}"
    return f"{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432} (database {db.get('NAME')!r})"


def run_management_command(argv: list[str]) -> None:
    from django.core.management import execute_from_command_line
    from django.db import OperationalError

    load_settings()
    try:
        execute_from_command_line(argv)
    except OperationalError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        _stop(
            f"the database at {database_location()} could not be used (DATABASE_URL): {first_line}"
        )
