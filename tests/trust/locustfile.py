"""The load test's visitors (#8, section 7), for locust on 127.0.0.1 only: anonymous browsing,
members who sign in with real logins and browse, reply to gatherings with few places (going,
then not going) and search. Started by tests/trust/test_load.py, which reads:

- LOAD_PLAN: a JSON file with the members' addresses, their password and the gatherings;
- LOAD_RESULTS: where this writes, when locust stops, every request's status (counted) and
  the last answer each member was told for each gathering ("going", "waitlisted",
  "not_going"), read from the message on the page the reply led to.
"""

import json
import os
import re
import secrets
import threading
from collections import Counter
from pathlib import Path

import gevent
from locust import HttpUser, between, events, task

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text()) if os.environ.get("LOAD_PLAN") else {}
GATHERINGS = PLAN.get("gatherings", [])
_free_accounts = list(PLAN.get("members", []))
_lock = threading.Lock()

statuses = Counter()  # HTTP status -> requests ("error" when no response came back)
told = {}  # "email gathering-pk" -> the last answer the member was told
unknown = set()  # replies whose answer never came back (a timeout): left out of the check
WORDS = ["systems", "convening", "practice", "health", "housing", "funding", "troika", "café"]
MESSAGE = re.compile(r'class="message message--(\w+)">([^<]*)<')
PUBLIC_PAGES = ["/", "/gatherings/", "/practices/", "/robots.txt", "/sitemap.xml"]


@events.request.add_listener
def count(response=None, exception=None, **kwargs):
    status = getattr(response, "status_code", None)
    statuses["error" if exception is not None and not status else str(status)] += 1


@events.quitting.add_listener
def write_results(environment, **kwargs):
    path = os.environ.get("LOAD_RESULTS")
    if path:
        results = {"statuses": statuses, "told": told, "unknown": sorted(unknown)}
        Path(path).write_text(json.dumps(results))


def answer_in(html: str) -> str | None:
    """What the page after a reply said: the member's answer, or None (a refusal or "busy,
    try again", which changed nothing)."""
    for _level, text in MESSAGE.findall(html):
        if text.startswith("You are going"):
            return "going"
        if "on the waitlist" in text:
            return "waitlisted"
        if text.startswith("You are not going"):
            return "not_going"
    return None


class Visitor(HttpUser):
    """Someone not signed in: the home page, gatherings, the practice library and its search."""

    weight = 2
    wait_time = between(1, 3)

    @task(4)
    def browse(self):
        self.client.get(secrets.choice(PUBLIC_PAGES))

    @task(2)
    def look_at_a_gathering(self):
        if GATHERINGS:
            self.client.get(secrets.choice(GATHERINGS)["url"], name="/gatherings/[page]")

    @task(1)
    def search(self):
        self.client.get(f"/practices/?q={secrets.choice(WORDS)}", name="/practices/?q=[word]")


class Member(HttpUser):
    """A member with an account of their own: signs in, browses, replies and searches."""

    weight = 3
    wait_time = between(1, 3)

    def on_start(self):
        with _lock:
            self.email = _free_accounts.pop() if _free_accounts else None
        if self.email:
            self.sign_in()

    # TLS ends at the balancer, so the site's cookies are Secure while this talks plain http:
    # a browser behind the balancer sends them, so these requests carry them by hand.
    def get(self, path, **kwargs):
        return self.client.get(path, cookies=self.client.cookies.get_dict(), **kwargs)

    def post(self, path, form, **kwargs):
        form = {"csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""), **form}
        return self.client.post(
            path, form, cookies=self.client.cookies.get_dict(), allow_redirects=False, **kwargs
        )

    def sign_in(self):
        for _attempt in range(6):
            self.get("/accounts/login/")
            response = self.post(
                "/accounts/login/",
                {"login": self.email, "password": PLAN["password"]},
                name="/accounts/login/ (sign in)",
            )
            if response.status_code == 302:
                return
            # Rate limited (allauth counts sign-ins): wait as a person would, then again.
            gevent.sleep(10)
        self.email = None  # could not sign in: browses as a visitor

    @task(3)
    def browse(self):
        pages = ["/gatherings/", "/practices/", "/"] + (["/me/", "/circles/"] if self.email else [])
        self.get(secrets.choice(pages))

    @task(4)
    def reply(self):
        if not (self.email and GATHERINGS):
            return
        gathering = secrets.choice(GATHERINGS)
        key = f"{self.email} {gathering['pk']}"
        going = told.get(key) in (None, "not_going") or secrets.randbelow(10) < 3
        response = self.post(
            f"/gatherings/{gathering['pk']}/reply/",
            {"going": "yes" if going else "no"},
            name="/gatherings/[pk]/reply/",
        )
        if response.status_code == 302:
            # The page the reply leads to says what happened.
            response = self.get(response.headers["Location"], name="/gatherings/[page]")
        answer = answer_in(response.text or "") if response.status_code == 200 else None
        if answer:
            told[key] = answer
            unknown.discard(key)
        elif not response.status_code:
            unknown.add(key)  # sent, but what happened never came back: left out of the check

    @task(1)
    def search(self):
        self.get(f"/practices/?q={secrets.choice(WORDS)}", name="/practices/?q=[word]")
        if self.email:
            self.get(f"/members/?q={secrets.choice(WORDS)}", name="/members/?q=[word]")
