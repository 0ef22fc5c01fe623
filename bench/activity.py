"""Ordinary member activity for `make bench`: a steady number of writes a second (5 by default)
made through the running site while wrk reads a page, to see how much of its read-only rate each
page keeps when the caches are purged by real activity.

The writes are HTTP POSTs to gunicorn as signed-in members, the way their browsers send them, so
they run the same views, services and on-commit purges as a member's own: a reply to the
gathering the benchmark reads (going, then not going), saving the practice it reads (then taking
it off the list), and an edit of the member's profile headline. Each writer is a verified member
other than the one whose pages are read; bench/inprocess.py signs them in and hands over their
cookies.

Writes are paced by the clock, not one after the other: write n is sent (n + ½) / rate seconds in,
from a small pool of threads, so one slow write does not lower the rate. A write counts as made
when the site answers with the redirect it gives after the change and no error message with it;
anything else counts as failed, and the report shows both.
"""

import base64
import re
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from http.cookies import SimpleCookie

RATE = 5.0  # writes a second, issue #15's "steady 5 writes a second"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """The redirect after a POST is the answer; a browser's next GET is not a write."""

    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


class Answer:
    """What the site answered: status, where it redirects to, the body, and the levels of the
    messages it left for the member (Django's messages cookie)."""

    def __init__(self, status: int, headers, body: bytes):
        self.status, self.body = status, body
        self.location = urllib.parse.urlsplit(headers.get("Location", "")).path
        self.levels = []
        for header in headers.get_all("Set-Cookie") or []:
            morsel = SimpleCookie(header).get("messages")
            if morsel is not None:
                self.levels += message_levels(morsel.value)


def message_levels(value: str) -> list[int]:
    """The levels of the messages in Django's signed messages cookie (read, not verified: it
    only tells the benchmark whether the site said "done" or "refused")."""
    data = value.split(":", 1)[0]  # base64, then the timestamp and the signature
    compressed = data.startswith(".")  # Django's mark of zlib-compressed data
    data = data.removeprefix(".")
    try:
        raw = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
        text = (zlib.decompress(raw) if compressed else raw).decode("utf-8", "replace")
    except (ValueError, zlib.error):
        return []
    return [int(level) for level in re.findall(r'"__json_message",\s*\d,\s*(\d+)', text)]


def send(url: str, cookie: str, data: list[tuple[str, str]] | None = None) -> Answer:
    """A GET (no data) or a form POST, with the member's cookies."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body)  # noqa: S310 (our own local server)
    request.add_header("Cookie", cookie)
    if body is not None:
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with OPENER.open(request, timeout=60) as response:
            return Answer(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers, error.read())


class FormReader(HTMLParser):
    """The fields each form of a page would send as a browser sends them: text as it stands,
    checked boxes only, each select's chosen options (else its first)."""

    SKIPPED = {"submit", "button", "image", "reset", "file"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._select = None  # [name, chosen values, first value, multiple]
        self._textarea = None  # [name, text]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "form":
            self.forms.append([])
        elif not self.forms:
            return
        elif tag == "input" and name:
            kind = (attributes.get("type") or "text").lower()
            if kind in self.SKIPPED:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attributes:
                return
            self.forms[-1].append(
                (name, attributes.get("value") or ("on" if kind in {"checkbox", "radio"} else ""))
            )
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = [name, [], None, "multiple" in attributes]
        elif tag == "option" and self._select is not None:
            value = attributes.get("value", "")
            if self._select[2] is None:
                self._select[2] = value
            if "selected" in attributes:
                self._select[1].append(value)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            self.forms[-1].append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            name, chosen, first, multiple = self._select
            if not chosen and not multiple and first is not None:
                chosen = [first]
            self.forms[-1].extend((name, value) for value in chosen)
            self._select = None


def form_with(html: bytes, field: str) -> list[tuple[str, str]] | None:
    reader = FormReader()
    reader.feed(html.decode("utf-8", "replace"))
    return next((form for form in reader.forms if any(name == field for name, _ in form)), None)


class Writer:
    """One signed-in member and what they change next."""

    def __init__(self, base: str, member: dict, urls: dict):
        self.base, self.cookie, self.csrf = base, member["cookie"], member["csrf"]
        self.urls = urls
        self.going = False
        self.saved = False
        self.edits = 0
        self.profile = None
        self.lock = threading.Lock()  # one write at a time for each member, as in a browser

    def prepare(self) -> str | None:
        """Read the member's profile form as their browser would; returns why it cannot be
        used, or None."""
        answer = send(self.base + self.urls["profile"], self.cookie)
        form = form_with(answer.body, "headline") if answer.status == 200 else None
        if form is None:
            return f"{self.urls['profile']} answered {answer.status} without the profile form"
        self.profile = [(name, value) for name, value in form if name != "csrfmiddlewaretoken"]
        return None

    def write(self, kind: str) -> str:
        """One write of `kind`; returns "made", or what the site answered instead."""
        with self.lock:
            token = [("csrfmiddlewaretoken", self.csrf)]
            if kind == "reply":
                self.going = not self.going
                data = [*token, ("going", "yes" if self.going else "no")]
                answer = send(self.base + self.urls["reply"], self.cookie, data)
                after = self.urls["gathering"]
            elif kind == "save":
                self.saved = not self.saved
                url = self.urls["save" if self.saved else "unsave"]
                answer = send(self.base + url, self.cookie, token)
                after = self.urls["practice"]
            else:
                self.edits += 1
                headline = f"Convener, bench edit {self.edits}"
                fields = ((n, headline if n == "headline" else v) for n, v in self.profile)
                answer = send(self.base + self.urls["profile"], self.cookie, [*token, *fields])
                after = self.urls["profile"]
        # Done: the redirect the view gives after a change, and no error message with it (a
        # refused reply redirects to the gathering too, saying why).
        if (
            answer.status == 302
            and answer.location == after
            and not any(level >= 40 for level in answer.levels)
        ):
            return "made"
        if answer.status == 302:
            return f"302 to {answer.location}" + (" with an error" if answer.levels else "")
        return str(answer.status)


KINDS = ["reply", "save", "profile"]


class Activity:
    """`with Activity(...) as activity:` writes at `rate` a second until the block ends, then
    `activity.summary()` says what was made. The rate reported counts the writes the site had
    made by the end of the block: writes still waiting then (behind slow pages, or because the
    site cannot keep up) are made afterwards and counted apart, so a backlog shows as a lower
    rate rather than hiding in it."""

    def __init__(self, base: str, writers: list[Writer], rate: float = RATE):
        self.writers, self.rate = writers, rate
        self._stop = threading.Event()
        self._thread = None
        self._results: list[tuple[str, str, float, float]] = []  # kind, outcome, took, ended
        self._lock = threading.Lock()
        self._began = 0.0
        self.seconds = 0.0
        self.sent = 0

    def __enter__(self):
        self._stop.clear()
        self._results = []
        self._thread = threading.Thread(target=self._run, name="bench-activity", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _run(self):
        self._began = began = time.perf_counter()
        # Enough threads that writes waiting behind wrk's requests do not hold the next ones.
        with ThreadPoolExecutor(max_workers=16, thread_name_prefix="bench-write") as pool:
            n = 0
            while True:
                # Mid-slot, so a run of t seconds sends t * rate writes, not one more.
                due = began + (n + 0.5) / self.rate
                if self._stop.wait(max(0.0, due - time.perf_counter())):
                    break
                writer = self.writers[n % len(self.writers)]
                kind = KINDS[n % len(KINDS)]  # every kind in turn, in every run however short
                pool.submit(self._write, writer, kind)
                n += 1
            self.seconds = time.perf_counter() - began
            self.sent = n
        # Leaving the pool waited for the writes still under way, so every one is accounted for.

    def _write(self, writer: Writer, kind: str):
        began = time.perf_counter()
        try:
            outcome = writer.write(kind)
        except OSError as error:  # urllib's errors included: the server did not answer
            outcome = type(error).__name__
        ended = time.perf_counter()
        with self._lock:
            self._results.append((kind, outcome, ended - began, ended - self._began))

    def summary(self) -> dict:
        made = [result for result in self._results if result[1] == "made"]
        in_time = [result for result in made if result[3] <= self.seconds]
        failed = [
            f"{kind}: {outcome}" for kind, outcome, _, _ in self._results if outcome != "made"
        ]
        took = sorted(result[2] * 1000 for result in self._results)
        return {
            "sent": self.sent,
            "made": len(in_time),
            "made_after": len(made) - len(in_time),
            "failed": len(failed),
            "failures": sorted(set(failed))[:5],
            "seconds": self.seconds,
            "per_second": len(in_time) / self.seconds if self.seconds else 0.0,
            "by_kind": {kind: sum(1 for k, *_ in in_time if k == kind) for kind in KINDS},
            "median_ms": statistics.median(took) if took else None,
            "max_ms": took[-1] if took else None,
        }
