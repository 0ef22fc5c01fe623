"""What the site writes to its logs: secret links never in full, and one JSON object a line
when LOG_FORMAT=json (site/log_format.py, settings.LOGGING).

These run the real `manage.py runserver` (what `make run` starts) in its own process with the
real settings, request a secret link from it, and read what it wrote to standard error."""

import json
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


def test_log_format_json_writes_one_object_a_line_with_path_and_status(tmp_path):
    lines = serve_and_request(INVITATION, tmp_path, LOG_FORMAT="json")

    assert lines, "nothing was logged"
    entries = [json.loads(line) for line in lines]  # fails on any line that is not one object
    for entry in entries:
        assert {"time", "level", "logger", "message"} <= set(entry)
        assert entry["time"].endswith("+00:00")
    served = [entry for entry in entries if entry["logger"] == "django.server"]
    assert served, "runserver logged no request line"
    assert served[0]["message"].startswith('"GET /gatherings/invitation/[secret]/ HTTP/1.1"')
    assert isinstance(served[0]["status"], int)
    # The view failed on the empty database: django.request gives the path, the status and the
    # traceback, each a field of the one object.
    failed = [entry for entry in entries if entry["logger"] == "django.request"]
    assert failed
    assert failed[0]["level"] == "ERROR"
    assert failed[0]["path"] == "/gatherings/invitation/[secret]/"
    assert failed[0]["status"] >= 500
    assert "Traceback" in failed[0]["exception"]
    assert not [line for line in lines if TOKEN in line], "the token reached the log"


def test_an_unknown_log_format_stops_start_up_with_one_line():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=REPO,
        env=os.environ
        | {"DJANGO_SETTINGS_MODULE": "convening_site.settings", "DEBUG": "true"}
        | {"LOG_FORMAT": "xml"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Convening cannot start: LOG_FORMAT must be text or json, not 'xml'."
    )
