"""What the site keeps in the shared cache until content changes.

One number, the content generation, says how fresh cached content is. Any write to content (a
page, snippet, reply, profile, tag...) starts a new generation, so everything cached under an
older one is never read again and simply expires: whole pages for visitors (`page_cache`), the
library's fragments, the navigation, the routing shortcuts.

This is only right when every process reads the same cache: with a cache of its own, a process
would never hear of a change made in another. So `remember` keeps nothing unless
settings.SHARED_CACHE says the cache is shared (Redis, or a single process as in the tests), and
works everything out afresh otherwise.
"""

import hashlib
import logging
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

logger = logging.getLogger(__name__)

GENERATION_KEY = "content:generation"
# While a request is served (`page_cache.PageCacheMiddleware` opens and closes it), the
# generation is read from the cache once, not again for each cached part. Outside requests
# (commands, tasks) it is read every time, since they can run for long.
request_memo: ContextVar[dict | None] = ContextVar("request_memo", default=None)
T = TypeVar("T")
_MISSING = object()

# Writes that no anonymous page shows: bookkeeping, sessions, queues, logs and search indexes.
# Everything else (pages, snippets, replies, profiles, tags...) starts a new generation.
NOT_CONTENT = {
    "sessions.session",
    "admin.logentry",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.taskstate",
    "wagtailcore.workflowstate",
    "wagtailcore.pagesubscription",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "wagtailsearch.indexentry",
    "wagtailsearch.sqliteftsindexentry",
    "wagtailadmin.editingsession",
    "wagtailsearch.query",
    "wagtailsearch.querydailyhits",
    "wagtailusers.userprofile",
    "django_tasks_database.dbtaskresult",
    "account.emailconfirmation",
    "mfa.authenticator",
    "usersessions.usersession",
    "members.notification",
    "events.calendarfeed",
}


def content_changed(**kwargs) -> None:
    """Start a new generation now, and again when the transaction commits: a page made from
    the data before the commit and stored meanwhile would otherwise outlive the change."""
    _next_generation()
    transaction.on_commit(_next_generation)


def _next_generation() -> None:
    memo = request_memo.get()
    if memo is not None:
        memo.clear()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        _start_generations()


def _start_generations() -> int:
    # From the clock, not from 1: if the cache lost this key but kept some pages, those pages
    # belong to an older count and can never match again.
    cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
    return cache.get(GENERATION_KEY)


def current_generation() -> int:
    memo = request_memo.get()
    if memo is not None and "generation" in memo:
        return memo["generation"]
    generation = cache.get(GENERATION_KEY) or _start_generations() or 0
    if memo is not None:
        memo["generation"] = generation
    return generation


def _on_write(sender, **kwargs):
    if sender._meta.label_lower in NOT_CONTENT:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= {"last_login"}:
        return
    content_changed()


def _on_relation_change(sender, action, **kwargs):
    if action.startswith("post_"):
        _on_write(kwargs["model"], **kwargs)


def connect_signals() -> None:
    post_save.connect(_on_write, dispatch_uid="content_cache.post_save")
    post_delete.connect(_on_write, dispatch_uid="content_cache.post_delete")
    m2m_changed.connect(_on_relation_change, dispatch_uid="content_cache.m2m_changed")
    # Publishing saves the page too; said again for a publish that writes no row we hear of.
    page_published.connect(content_changed, dispatch_uid="content_cache.page_published")
    page_unpublished.connect(content_changed, dispatch_uid="content_cache.page_unpublished")
    post_page_move.connect(content_changed, dispatch_uid="content_cache.post_page_move")


def remember(
    key: str,
    compute: Callable[[], T],
    seconds: int = 3600,
    *,
    keep: Callable[[], bool] | None = None,
) -> T:
    """`compute()`, kept in the shared cache under `key` until content changes (or `seconds`
    pass). It must not depend on who is asking unless `key` says who. `keep()`, asked after
    working a value out, may say that this one must not be kept."""
    if not settings.SHARED_CACHE:
        return compute()
    generation = current_generation()
    full_key = f"{key}:{generation}"
    found = _near.get(full_key)
    if found is not _MISSING:
        return found
    found = cache.get(full_key, _MISSING)
    if found is _MISSING:
        found = compute()
        if keep is not None and not keep():
            return found
        cache.set(full_key, found, timeout=seconds)
    if generation:  # 0: the shared cache cannot be reached, so changes would go unheard
        _near.put(full_key, found, seconds)
    return found


class NearCopies:
    """The last few hundred values this process read under the current generation, so a busy
    page costs one round trip to the shared cache (the generation) instead of one a part.

    Safe because a key names its generation: what is stored under it never changes, and a
    change to content moves every process to new keys at its next request. Values are kept
    pickled, so each reader gets its own copy, as from the shared cache, and can change it
    without touching the next reader's."""

    def __init__(self, entries: int = 512):
        self.entries = entries
        self._values: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._lock = threading.Lock()  # threaded servers and tests share one process

    def get(self, key: str):
        with self._lock:
            kept = self._values.get(key)
            if kept is None:
                return _MISSING
            expires, pickled = kept
            if expires < time.monotonic():
                del self._values[key]
                return _MISSING
            self._values.move_to_end(key)
        return pickle.loads(pickled)  # noqa: S301 (our own values, pickled by this process)

    def put(self, key: str, value, seconds: int) -> None:
        pickled = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        with self._lock:
            self._values[key] = (time.monotonic() + seconds, pickled)
            self._values.move_to_end(key)
            while len(self._values) > self.entries:
                self._values.popitem(last=False)


_near = NearCopies()


def remember_for_reader(request, name: str, compute: Callable[[], T], seconds: int = 60) -> T:
    """`compute()` for a part of a signed-in member's own page, kept until content changes (or
    `seconds` pass, for what changes with the clock) for this member in this browser only.

    The browser's CSRF cookie is in the key, so a form in the part carries a token that this
    browser's cookie matches. A browser without one shares the member's copy made without one,
    which is kept only if it holds no form (working it out made no token)."""
    if not request.user.is_authenticated:
        return compute()
    token = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    had_token = "CSRF_COOKIE" in request.META
    part = hashlib.sha256(f"{name}:{request.user.pk}:{token}".encode()).hexdigest()[:32]
    return remember(
        f"reader:{part}",
        compute,
        seconds,
        keep=lambda: bool(token) or had_token or "CSRF_COOKIE" not in request.META,
    )
