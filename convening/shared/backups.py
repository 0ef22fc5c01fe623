"""Backups of everything the site cannot make again: the database and the uploaded files.

A backup is one folder, `<backups>/backup-<UTC time>/`:

    manifest.json     when, from which database, what is inside
    database.dump     PostgreSQL: `pg_dump --format=custom` (or database.sqlite3: SQLite's copy)
    media/            MEDIA_ROOT: images, their sizes, documents
    private-media/    the private storage: members' avatars and story pictures

It is made in `<name>.partial` and renamed when complete, so a folder without that suffix is a
whole backup. Restoring checks the backup first, copies the files beside their folders, replaces
the database in one transaction (`pg_restore --single-transaction`: a failure leaves the
database as it was), then swaps the folders in and empties the cache, whose pages and sessions
belong to the database that was replaced.

Files on object storage (AWS_STORAGE_BUCKET_NAME) are not copied: the bucket keeps them, with
its own versioning and replication. Redis is only a cache and is not backed up
(docs/scaling.md).
"""

import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404: pg_dump and pg_restore, with arguments built here
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection

MANIFEST = "manifest.json"
PARTIAL = ".partial"
# The file storages a backup copies, by their name in STORAGES, and the folder each goes to.
FOLDERS = {"media": "media", "private": "private-media"}


class BackupError(Exception):
    """Something an operator must fix; the message says what, and nothing was changed."""


@dataclass
class Restored:
    backup: Path
    created: str
    folders: list[str]


def default_folder() -> Path:
    return Path(os.environ.get("BACKUP_DIR") or settings.BASE_DIR / "backups")


def _engine() -> str:
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine.endswith("postgresql"):
        return "postgresql"
    if engine.endswith("sqlite3"):
        return "sqlite"
    raise BackupError(f"Backups know PostgreSQL and SQLite, not {engine}.")


def _local_folders() -> dict[str, Path]:
    """{name in the backup: folder on disk} of each file storage that lives on this disk."""
    found = {}
    for alias, name in FOLDERS.items():
        storage = storages[alias]
        if isinstance(storage, FileSystemStorage):
            found[name] = Path(storage.location)
    return found


# ----- PostgreSQL's tools, with the connection of DATABASES["default"].


def _pg_tool(name: str) -> str:
    """pg_dump or pg_restore: from PG_BINDIR when set (they must be as new as the server, e.g.
    /usr/lib/postgresql/16/bin), else from PATH."""
    folder = os.environ.get("PG_BINDIR")
    tool = str(Path(folder) / name) if folder else shutil.which(name)
    if not tool or not Path(tool).exists():
        raise BackupError(
            f"{name} was not found{f' in PG_BINDIR ({folder})' if folder else ' on PATH'}: "
            "install PostgreSQL's client tools (Debian: postgresql-client) of the server's "
            "version, or set PG_BINDIR to the folder that has them."
        )
    return tool


def _pg_connection() -> tuple[list[str], dict]:
    """The connection options for pg_dump and pg_restore, and their environment: the password
    goes in PGPASSWORD, never on a command line that `ps` shows."""
    db = settings.DATABASES["default"]
    arguments = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        arguments += ["--host", db["HOST"]]
    if db.get("PORT"):
        arguments += ["--port", str(db["PORT"])]
    if db.get("USER"):
        arguments += ["--username", db["USER"]]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    return [*arguments, "--no-password"], env


def _run(command: list[str], env: dict, what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603  # nosec B603
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()
        raise BackupError(f"{what} failed ({Path(command[0]).name}): {detail}")


def database_location() -> str:
    db = settings.DATABASES["default"]
    if _engine() == "sqlite":
        return f"the SQLite file {db['NAME']}"
    return f"{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432} (database {db['NAME']!r})"


# ----- Backing up.


def back_up(folder: Path | None = None, *, now: datetime | None = None) -> Path:
    """Write a backup into `folder` (BACKUP_DIR, or <repo>/backups) and return its path."""
    engine = _engine()
    folder = Path(folder or default_folder())
    created = (now or datetime.now(UTC)).astimezone(UTC)
    name = f"backup-{created:%Y%m%dT%H%M%SZ}"
    final = folder / name
    if final.exists():
        raise BackupError(f"{final} already exists; wait a second and try again.")
    sqlite_file = Path(settings.DATABASES["default"]["NAME"]) if engine == "sqlite" else None
    if sqlite_file and not sqlite_file.exists():
        raise BackupError(f"The SQLite file {sqlite_file} does not exist: nothing to back up.")
    folder.mkdir(parents=True, exist_ok=True)
    work = folder / (name + PARTIAL)
    shutil.rmtree(work, ignore_errors=True)
    # Backups hold every member's data: readable by this account only.
    work.mkdir(mode=0o700)
    try:
        if engine == "postgresql":
            database_file = "database.dump"
            arguments, env = _pg_connection()
            _run(
                [
                    _pg_tool("pg_dump"),
                    "--format=custom",
                    "--file",
                    str(work / database_file),
                    *arguments,
                ],
                env,
                f"Backing up {database_location()}",
            )
        else:
            database_file = "database.sqlite3"
            _copy_sqlite(sqlite_file, work / database_file)
        folders = {}
        for backup_name, location in _local_folders().items():
            if location.exists():
                shutil.copytree(location, work / backup_name, symlinks=True)
            else:
                (work / backup_name).mkdir()
            folders[backup_name] = str(location)
        manifest = {
            "created": created.isoformat(timespec="seconds"),
            "database": {"engine": engine, "file": database_file, "from": database_location()},
            "folders": folders,
            "not_included": _not_included(),
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
        work.rename(final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return final


def _copy_sqlite(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent copy while the site keeps writing (WAL included),
    which copying the file could not promise."""
    with sqlite3.connect(source) as live, sqlite3.connect(target) as copy:
        live.backup(copy)
    live.close()
    copy.close()


def _not_included() -> list[str]:
    missing = ["Redis (only a cache: pages and sessions are made again)"]
    for alias, backup_name in FOLDERS.items():
        if backup_name not in _local_folders():
            missing.append(f"{backup_name}: on object storage (STORAGES[{alias!r}]), kept there")
    return missing


# ----- Restoring.


def read_backup(backup: Path) -> dict:
    """The manifest of a complete backup, or a BackupError saying what is wrong with it."""
    backup = Path(backup)
    if backup.name.endswith(PARTIAL):
        raise BackupError(f"{backup} is a backup that never finished; choose another.")
    if not (backup / MANIFEST).is_file():
        raise BackupError(
            f"{backup} is not a backup (no {MANIFEST}); backups are the backup-<time> folders "
            f"in {default_folder()}."
        )
    manifest = json.loads((backup / MANIFEST).read_text())
    if not (backup / manifest["database"]["file"]).is_file():
        raise BackupError(f"{backup} has no {manifest['database']['file']}; it is incomplete.")
    return manifest


def tables_in_database() -> list[str]:
    return connection.introspection.table_names()


def restore(backup: Path, *, replace: bool = False) -> Restored:
    """Make the database and the media folders what they were when `backup` was made.

    Refuses, changing nothing, when the backup is not whole, was made from another kind of
    database, or when the database already has tables and `replace` is not given."""
    backup = Path(backup)
    manifest = read_backup(backup)
    engine = _engine()
    if manifest["database"]["engine"] != engine:
        raise BackupError(
            f"{backup} is a {manifest['database']['engine']} backup; DATABASE_URL is {engine}."
        )
    existing = tables_in_database()
    if existing and not replace:
        raise BackupError(
            f"The database at {database_location()} is not empty ({len(existing)} tables). "
            f"Restoring replaces everything in it, and the media folders, with the backup of "
            f"{manifest['created']}. Nothing was changed. To go ahead, run it again with "
            "--replace (make restore BACKUP=... REPLACE=yes)."
        )
    folders = _local_folders()
    staged = {}
    try:
        # The files first, beside their folders: a full disk fails here, before the database.
        for backup_name, location in folders.items():
            if not (backup / backup_name).is_dir():
                continue
            location.parent.mkdir(parents=True, exist_ok=True)
            staging = location.with_name(f".{location.name}.restoring")
            shutil.rmtree(staging, ignore_errors=True)
            shutil.copytree(backup / backup_name, staging, symlinks=True)
            staged[location] = staging
        _restore_database(backup / manifest["database"]["file"], engine)
    except BaseException:
        for staging in staged.values():
            shutil.rmtree(staging, ignore_errors=True)
        raise
    for location, staging in staged.items():
        if location.exists():
            replaced = location.with_name(f".{location.name}.replaced")
            shutil.rmtree(replaced, ignore_errors=True)
            location.rename(replaced)
            staging.rename(location)
            shutil.rmtree(replaced, ignore_errors=True)
        else:
            staging.rename(location)
    # Pages and sessions in the cache were made from the database that is gone.
    cache.clear()
    return Restored(backup, manifest["created"], [str(location) for location in staged])


def _restore_database(dump: Path, engine: str) -> None:
    connection.close()  # our own connection must not hold locks on what is dropped
    if engine == "postgresql":
        arguments, env = _pg_connection()
        _run(
            [
                _pg_tool("pg_restore"),
                # Drop what the backup holds before making it again, all in one transaction:
                # either the whole backup is in, or the database is as it was.
                "--clean",
                "--if-exists",
                "--single-transaction",
                "--exit-on-error",
                # Owners and grants of the machine it came from may not exist here.
                "--no-owner",
                "--no-privileges",
                *arguments,
                str(dump),
            ],
            env,
            f"Restoring into {database_location()}",
        )
    else:
        with (
            sqlite3.connect(dump) as saved,
            sqlite3.connect(settings.DATABASES["default"]["NAME"]) as live,
        ):
            saved.backup(live)
        saved.close()
        live.close()
