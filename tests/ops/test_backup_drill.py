"""The backup drill of #16 ("Operations: nothing lost"): back up, wipe, restore, and the site
serves the same pages, members and replies.

Everything is real: a scratch PostgreSQL database beside the suite's (migrated and filled with
the demo community by `manage.py`, as `make run` does), the real `backup_site` and
`restore_site` commands run as an operator runs them (their own processes, the real settings,
pg_dump and pg_restore), the database dropped and made again empty, the media folders deleted.
What the site serves is then read through the whole stack (Django's test client) from that
database, before and after."""

import hashlib
import os
import re
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connections
from django.test import Client

from convening.shared.log_redaction import redact
from events.models import Rsvp
from members.models import Profile
from tests.conftest import sign_in

REPO = Path(__file__).resolve().parents[2]
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")

pytestmark = [
    pytest.mark.skipif(
        not ON_POSTGRES,
        reason="the backup drill uses pg_dump and pg_restore: run it with DATABASE_URL set to "
        "PostgreSQL (make test-postgres; CI does)",
    ),
    # One worker under `--dist loadgroup` (make test-postgres): the scratch site once.
    pytest.mark.xdist_group("backup-drill"),
]

# One scratch database per run, so that two runs on one server never share it.
DRILL = f"backup_drill_{os.getpid()}"
MEMBER = "member@convening.example"


# ----- The scratch database and the operator's commands.


def _server():
    db = connections["default"].settings_dict
    return {
        "host": db.get("HOST") or "127.0.0.1",
        "port": db.get("PORT") or 5432,
        "user": db.get("USER") or "postgres",
        "password": db.get("PASSWORD") or None,
    }


def _admin(sql):
    with psycopg.connect(dbname="postgres", autocommit=True, **_server()) as admin:
        admin.execute(sql)


def make_empty_database():
    _admin(f'DROP DATABASE IF EXISTS "{DRILL}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{DRILL}"')


def tables_in_drill() -> list[str]:
    with psycopg.connect(dbname=DRILL, **_server()) as db:
        rows = db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
    return [row[0] for row in rows]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The environment of a machine running the site on the scratch database, with its own
    media folders and backup folder; migrated and filled with the demo community."""
    root = tmp_path_factory.mktemp("drill")
    server = _server()
    password = f":{server['password']}" if server["password"] else ""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "MEDIA_ROOT", "PRIVATE_MEDIA_ROOT"}
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "convening_site.settings",
        "DATABASE_URL": (
            f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{DRILL}"
        ),
        # The demo content refuses to load with DEBUG off (its accounts' passwords are public).
        "DEBUG": "true",
        "TASKS_IMMEDIATE": "true",
        "MEDIA_ROOT": str(root / "media"),
        "PRIVATE_MEDIA_ROOT": str(root / "private-media"),
        "BACKUP_DIR": str(root / "backups"),
    }
    make_empty_database()
    try:
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_demo_content")
        yield env
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{DRILL}" WITH (FORCE)')


def manage(env, *args, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if check and result.returncode != 0:
        pytest.fail(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def backup_made(result) -> Path:
    found = re.search(r"Backup made: (\S+)", result.stdout)
    assert found, result.stdout
    return Path(found.group(1))


# ----- What the site serves, read through the whole stack from the scratch database.


@contextmanager
def serving_from_the_drill_database(django_db_blocker):
    """This process's default connection points at the scratch database for a while. Content
    types and the cache are forgotten on the way in and out: their ids and pages belong to
    one database."""
    working = connections["default"]
    drill = working.__class__(dict(working.settings_dict) | {"NAME": DRILL}, alias="default")
    connections["default"] = drill
    ContentType.objects.clear_cache()
    cache.clear()
    try:
        with django_db_blocker.unblock():
            yield
    finally:
        connections["default"] = working
        drill.close()
        ContentType.objects.clear_cache()
        cache.clear()


def _page(response) -> tuple:
    """What a page says, without what changes from one request to the next (CSRF tokens): its
    status, title, headings and every link (secret links without their secret)."""
    html = response.content.decode()
    title = re.findall(r"<title>(.*?)</title>", html, re.S)
    headings = re.findall(r"<h[12][^>]*>(.*?)</h[12]>", html, re.S)
    links = sorted({redact(href) for href in re.findall(r'href="([^"]+)"', html)})
    return response.status_code, title, headings, links


def what_the_site_serves(django_db_blocker, media: dict[str, Path]) -> dict:
    with serving_from_the_drill_database(django_db_blocker):
        member = get_user_model().objects.get(email=MEMBER)
        gathering = Rsvp.objects.filter(member=member).select_related("event").first().event
        profile = Profile.objects.filter(user__is_active=True).exclude(user=member).first()
        paths = [
            "/",
            "/practices/",
            "/gatherings/",
            gathering.url,
            "/members/",
            f"/members/{profile.slug}/",
            "/circles/",
            "/me/",
        ]
        visitor, signed_in = Client(), Client()
        sign_in(signed_in, member)
        pages = {
            (who, path): _page(browser.get(path))
            for who, browser in (("visitor", visitor), ("member", signed_in))
            for path in paths
        }
        return {
            "pages": pages,
            "members": sorted(
                Profile.objects.values_list("user__email", "display_name", "visibility")
            ),
            "replies": sorted(
                Rsvp.objects.values_list("member__email", "event__title", "status", "created_at")
            ),
            "files": {name: _files(folder) for name, folder in media.items()},
        }


def _files(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _media(env) -> dict[str, Path]:
    return {name: Path(env[name]) for name in ("MEDIA_ROOT", "PRIVATE_MEDIA_ROOT")}


# ----- The drill.


def test_back_up_wipe_restore_and_the_site_serves_the_same(site, django_db_blocker):
    media = _media(site)
    # The demo sends no avatar, so the private folder gets a member's picture as an upload would.
    media["PRIVATE_MEDIA_ROOT"].mkdir(parents=True, exist_ok=True)
    (media["PRIVATE_MEDIA_ROOT"] / "member-0123456789abcdef.webp").write_bytes(b"RIFF a face")
    # Signing in keeps the previous sign-in, which /me/ counts "since your last visit" from: a
    # first sign-in here, so that the member returns before the backup as after the restore.
    with serving_from_the_drill_database(django_db_blocker):
        sign_in(Client(), get_user_model().objects.get(email=MEMBER))
    before = what_the_site_serves(django_db_blocker, media)
    # The demo community, so that "the same" means something.
    assert len(before["members"]) > 30
    assert len(before["replies"]) > 10
    served = {key: page[0] for key, page in before["pages"].items()}
    assert {status for (who, _), status in served.items() if who == "member"} == {200}, served
    assert before["files"]["MEDIA_ROOT"], "the demo has pictures in the media folder"
    assert before["files"]["PRIVATE_MEDIA_ROOT"]

    made = backup_made(manage(site, "backup_site"))

    # Wiped: a new, empty database, and no media folders.
    make_empty_database()
    for folder in media.values():
        shutil.rmtree(folder, ignore_errors=True)
    assert tables_in_drill() == []

    restored = manage(site, "restore_site", str(made))

    assert "Restored the backup of" in restored.stdout
    after = what_the_site_serves(django_db_blocker, media)
    assert after["members"] == before["members"]
    assert after["replies"] == before["replies"]
    assert after["files"] == before["files"]
    assert after["pages"] == before["pages"]


def test_a_restore_over_a_database_with_data_is_refused_unless_asked_for(site, django_db_blocker):
    media = _media(site)
    made = backup_made(manage(site, "backup_site"))
    before = what_the_site_serves(django_db_blocker, media)
    # Since the backup: a new member, and a new file.
    with serving_from_the_drill_database(django_db_blocker):
        get_user_model().objects.create_user(email="late@example.org", password="x" * 16)
    (media["MEDIA_ROOT"] / "added-later.txt").write_text("after the backup")
    changed = what_the_site_serves(django_db_blocker, media)
    assert changed != before

    refused = manage(site, "restore_site", str(made), check=False)

    assert refused.returncode == 1
    assert "is not empty" in refused.stderr
    assert "--replace" in refused.stderr
    assert "Nothing was changed" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert what_the_site_serves(django_db_blocker, media) == changed

    manage(site, "restore_site", str(made), "--replace")

    assert what_the_site_serves(django_db_blocker, media) == before


def test_what_is_not_a_whole_backup_is_refused_and_changes_nothing(site, tmp_path):
    half = tmp_path / "backup-20260101T000000Z.partial"
    half.mkdir()
    not_a_backup = tmp_path / "holiday-photos"
    not_a_backup.mkdir()

    for wrong, says in (
        (half, "never finished"),
        (not_a_backup, "is not a backup"),
        (tmp_path / "no-such-folder", "is not a backup"),
    ):
        result = manage(site, "restore_site", str(wrong), "--replace", check=False)

        assert result.returncode == 1
        assert says in result.stderr
        assert "Traceback" not in result.stderr
    assert "members_user" in tables_in_drill()
