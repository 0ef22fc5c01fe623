"""Serving under load for `make bench`: the Procfile's web process (gunicorn) as production runs
it, wrk against a page and against a static file of the same size, Lighthouse in Debian's
Chromium.

Every server started here is stopped by `Server.__exit__` (its whole process group, by id), so
a failed or interrupted run leaves no gunicorn behind and the ports free.
"""

import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PYTHON_BIN = Path(os.environ.get("BENCH_PYTHON", ROOT / ".venv" / "bin" / "python")).parent
WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "5"))
WRK_THREADS = 1
# Issue #15's figures, bakerydemo's among them, were measured with 8 connections.
WRK_CONNECTIONS = int(os.environ.get("BENCH_WRK_CONNECTIONS", "8"))
PAGE_CACHE_HEADER = "X-Page-Cache"  # "hit" or "miss", from convening_site/page_cache.py
SAMPLES = "bench"  # folder inside STATIC_ROOT for the static files of each page's size


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def web_command(port: int) -> list[str]:
    """The Procfile's `web` line (gunicorn, with its default of 2 sync workers and the settings
    in gunicorn.conf.py, read from the folder it starts in), bound to 127.0.0.1:`port`."""
    procfile = (ROOT / "Procfile").read_text(encoding="utf-8")
    line = next(line for line in procfile.splitlines() if line.startswith("web:"))
    # The shell's ${WEB_CONCURRENCY:-2}: the Procfile's default, as pages.py unsets the variable.
    words = shlex.split(re.sub(r"\$\{(\w+):-([^}]*)\}", r"\2", line.removeprefix("web:")))
    command = [str(PYTHON_BIN / words[0]), *words[1:]]
    return [*command, f"--bind=127.0.0.1:{port}", "--log-level=warning"]


class Server:
    """The Procfile's web process on 127.0.0.1, as production runs it."""

    def __init__(self, port: int, env: dict, log: Path):
        self.port, self.env, self.log = port, env, log
        self.process = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        if not port_is_free(self.port):
            raise SystemExit(f"Port {self.port} is in use: stop what listens there and rerun.")
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                web_command(self.port),
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, stopped whole below
            )
        try:
            self._wait_until_up()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _wait_until_up(self):
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped at start; see {self.log}")
            try:
                urllib.request.urlopen(self.base + "/robots.txt", timeout=5).read()  # noqa: S310
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise SystemExit(f"gunicorn did not answer on port {self.port} in 90 s; see {self.log}")

    def __exit__(self, *exc):
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def get(self, path: str, cookie: str | None = None) -> tuple[int, int, str]:
        """Status, size and page-cache header of one response, for warming up and for checking
        that wrk measures the page (not a redirect to the sign-in form, not a cache miss)."""
        request = urllib.request.Request(self.base + path)  # noqa: S310 (our own local server)
        if cookie:
            request.add_header("Cookie", cookie)
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=60) as response:
                body = response.read()
                return response.status, len(body), response.headers.get(PAGE_CACHE_HEADER, "")
        except urllib.error.HTTPError as error:
            return error.code, len(error.read()), error.headers.get(PAGE_CACHE_HEADER, "")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wrk(url: str, cookie: str | None = None) -> dict:
    """Requests per second with the same settings for a page and for a static file."""
    command = [
        "wrk",
        f"-t{WRK_THREADS}",
        f"-c{WRK_CONNECTIONS}",
        f"-d{WRK_SECONDS}s",
        "--timeout=30s",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=WRK_SECONDS + 60
    ).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors:.*", output)
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "non_2xx": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(0) if errors else "",
    }


def write_samples(static_root: Path, sizes: set[int]) -> dict[int, str]:
    """A static HTML file of each size, written before gunicorn starts (whitenoise finds its
    files when it starts). Returns the URL path of each."""
    folder = static_root / SAMPLES
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    paths = {}
    line = b"<p>Static text of the same size as the page, to measure the ceiling.</p>\n"
    for size in sorted(sizes):
        body = (b"<!doctype html>\n" + line * (size // len(line) + 1))[:size]
        (folder / f"page-{size}.html").write_bytes(body)
        paths[size] = f"/static/{SAMPLES}/page-{size}.html"
    return paths


def remove_samples(static_root: Path):
    shutil.rmtree(static_root / SAMPLES, ignore_errors=True)


LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"


def lighthouse_available() -> str | None:
    """Why Lighthouse cannot run here, or None when it can."""
    if not LIGHTHOUSE.exists():
        return "bench/node_modules has no lighthouse (make bench installs it with npm ci)"
    if not Path(os.environ.get("CHROME_PATH", "/usr/bin/chromium")).exists():
        return "no Chromium at CHROME_PATH (make bench installs Debian's chromium)"
    return None


def lighthouse(url: str, out: Path) -> dict:
    """Performance and accessibility on Lighthouse's default (mobile) profile, and what the page
    downloaded before images, as the browser received it."""
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    completed = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            "--only-categories=performance,accessibility",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    if completed.returncode != 0 or not out.exists():
        return {"error": (completed.stderr or completed.stdout).strip().splitlines()[-1:]}
    report = json.loads(out.read_text(encoding="utf-8"))
    categories = report["categories"]
    requests = report["audits"].get("network-requests", {}).get("details", {}).get("items", [])
    before_images = sum(
        item.get("transferSize", 0)
        for item in requests
        if item.get("resourceType") in {"Document", "Stylesheet", "Script"}
    )
    return {
        "performance": round((categories["performance"]["score"] or 0) * 100),
        "accessibility": round((categories["accessibility"]["score"] or 0) * 100),
        "transferred_before_images": before_images,
        "transferred_total": report["audits"]["total-byte-weight"]["numericValue"],
    }
