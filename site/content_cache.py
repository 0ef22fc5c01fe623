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

import logging
import time
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


def remember(key: str, compute: Callable[[], T], seconds: int = 3600) -> T:
    """`compute()`, kept in the shared cache under `key` until content changes (or `seconds`
    pass). It must not depend on who is asking unless `key` says who."""
    if not settings.SHARED_CACHE:
        return compute()
    full_key = f"{key}:{current_generation()}"
    found = cache.get(full_key, _MISSING)
    if found is _MISSING:
        found = compute()
        cache.set(full_key, found, timeout=seconds)
    return found
