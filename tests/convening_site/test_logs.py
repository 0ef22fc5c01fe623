"""What the site writes to its logs: secret links never in full (settings.LOGGING).

These run the real `manage.py runserver` (what `make run` starts) in its own process with the
real settings, request a secret link from it, and read what it wrote to standard error."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TOKEN = "Zq9kT3secretInvitationToken0xYw"
INVITATION = f"/gatherings/invitation/{TOKEN}/"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_and_request(path, tmp_path, **env) -> list[str]:
    """Start runserver as `make run` does, GET `path` from it, stop it; its stderr lines.

    Its database is an empty SQLite file: the invitation view fails on the missing tables, which
    is fine here, since the request line is logged whatever the answer (and an error logs the
    path a second time, through django.request)."""
    port = _free_port()
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    clean |= {
        "DJANGO_SETTINGS_MODULE": "convening_site.settings",
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "PYTHONUNBUFFERED": "1",
        **env,
    }
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=REPO,
        env=clean,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10)
                break
            except urllib.error.HTTPError:
                break  # an answer, whatever its status: the request was served and logged
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"runserver did not start: {server.stderr.read()}")
                time.sleep(0.2)
        time.sleep(0.5)  # the request line is written after the answer is sent
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=30)
    return stderr.splitlines()


def test_the_dev_server_log_shows_a_secret_link_without_its_secret(tmp_path):
    lines = serve_and_request(INVITATION, tmp_path)

    request_lines = [line for line in lines if '"GET /gatherings/invitation/' in line]
    assert request_lines, "runserver logged no request line:\n" + "\n".join(lines)
    assert '"GET /gatherings/invitation/[secret]/ HTTP/1.1"' in request_lines[0]
    assert not [line for line in lines if TOKEN in line], "the token reached the log"
