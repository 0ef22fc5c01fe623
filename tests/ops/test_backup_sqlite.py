"""Backups of the embedded SQLite database (the default of `make run`), with its media folders:
the real commands, in their own processes, on a SQLite file of their own. The full drill, with
the demo community and the pages it serves, runs on PostgreSQL (test_backup_drill.py)."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def machine(tmp_path):
    """The environment of a site on a SQLite file, with a row in it and a file in each media
    folder (no migrations are needed to copy a file and put it back)."""
    database = tmp_path / "db.sqlite3"
    with sqlite3.connect(database) as db:
        db.execute("CREATE TABLE reply (who TEXT, status TEXT)")
        db.execute("INSERT INTO reply VALUES ('Ada', 'going')")
    db.close()
    (tmp_path / "media" / "images").mkdir(parents=True)
    (tmp_path / "media" / "images" / "river.jpg").write_bytes(b"a picture")
    (tmp_path / "private-media").mkdir()
    (tmp_path / "private-media" / "member-avatar.webp").write_bytes(b"a face")
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL"}} | {
        "DJANGO_SETTINGS_MODULE": "convening_site.settings",
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private-media"),
        "BACKUP_DIR": str(tmp_path / "backups"),
    }
    return tmp_path, env


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def replies(database) -> list:
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT who, status FROM reply ORDER BY who").fetchall()
    db.close()
    return rows


def test_a_sqlite_site_is_backed_up_and_restored_with_its_media(machine):
    root, env = machine

    made = manage(env, "backup_site")

    assert made.returncode == 0, made.stderr
    (backup,) = (root / "backups").iterdir()
    assert backup.name.startswith("backup-")
    assert not backup.name.endswith(".partial")
    assert {p.name for p in backup.iterdir()} == {
        "manifest.json",
        "database.sqlite3",
        "media",
        "private-media",
    }
    # After the backup: a reply changes, a picture goes, another comes.
    with sqlite3.connect(root / "db.sqlite3") as db:
        db.execute("UPDATE reply SET status = 'not going'")
    db.close()
    (root / "media" / "images" / "river.jpg").unlink()
    (root / "private-media" / "member-late.webp").write_bytes(b"later")

    refused = manage(env, "restore_site", str(backup))

    assert refused.returncode == 1
    assert "--replace" in refused.stderr
    assert "Nothing was changed" in refused.stderr
    assert replies(root / "db.sqlite3") == [("Ada", "not going")]
    assert (root / "private-media" / "member-late.webp").exists()

    restored = manage(env, "restore_site", str(backup), "--replace")

    assert restored.returncode == 0, restored.stderr
    assert replies(root / "db.sqlite3") == [("Ada", "going")]
    assert (root / "media" / "images" / "river.jpg").read_bytes() == b"a picture"
    assert (root / "private-media" / "member-avatar.webp").read_bytes() == b"a face"
    assert not (root / "private-media" / "member-late.webp").exists()


def test_a_backup_of_another_kind_of_database_is_refused(machine):
    root, env = machine
    backup = root / "backups" / "backup-20260101T000000Z"
    backup.mkdir(parents=True)
    (backup / "database.dump").write_bytes(b"PGDMP")
    (backup / "manifest.json").write_text(
        '{"created": "2026-01-01T00:00:00+00:00", '
        '"database": {"engine": "postgresql", "file": "database.dump"}}'
    )

    result = manage(env, "restore_site", str(backup), "--replace")

    assert result.returncode == 1
    assert "is a postgresql backup; DATABASE_URL is sqlite" in result.stderr
    assert replies(root / "db.sqlite3") == [("Ada", "going")]


def test_backing_up_a_sqlite_file_that_is_not_there_says_so_and_makes_nothing(machine):
    root, env = machine
    env["DATABASE_URL"] = f"sqlite:///{root / 'no-such.sqlite3'}"

    result = manage(env, "backup_site")

    assert result.returncode == 1
    assert "no-such.sqlite3 does not exist: nothing to back up" in result.stderr
    assert not (root / "backups").exists()
