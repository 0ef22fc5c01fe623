"""Redis as a shared cache the site can live without.

Django's Redis backend raises when Redis cannot be reached, and every page reads the cache
(Wagtail's site lookup, the page cache, sessions, rate limits). While Redis is away this backend
answers as an empty cache: reads miss, writes are dropped (and `add` says it added, so locks
never wait for it), and pages are made from the database.
Sessions are kept in the database too (cached_db), so members stay signed in.
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _unavailable(operation: str) -> None:
    logger.warning("Cache unavailable during %s; carrying on without it", operation, exc_info=True)


class ReusedClients(RedisCacheClient):
    """Django makes a new redis-py client for every cache call, which costs more than the call
    itself on a page that reads the cache a few times. A client is only a handle on its
    connection pool and is safe to share between threads, so one is kept per pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


def _or(answer):
    """The cache method, answering `answer(*its arguments)` instead while Redis is away."""

    def wrap(method):
        @functools.wraps(method)
        def carrying_on(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except RedisError:
                _unavailable(method.__name__)
                return answer(*args, **kwargs)

        return carrying_on

    return wrap


def _no(*args, **kwargs):
    return False


def _as_if_added(*args, **kwargs):
    # A dropped write, like `set`: answering "already there" instead would keep every lock
    # taken with `add` (allauth's rate limits take one before each login) from ever being had.
    return True


def _nothing(*args, **kwargs):
    return None


def _missing_key(key, *args, **kwargs):
    # What incr gives on a missing key: callers then start the count afresh with add or set.
    raise ValueError(f"Key '{key}' not found") from None


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClients

    add = _or(_as_if_added)(RedisCache.add)
    get = _or(lambda key, default=None, version=None: default)(RedisCache.get)
    set = _or(_nothing)(RedisCache.set)
    touch = _or(_no)(RedisCache.touch)
    delete = _or(_no)(RedisCache.delete)
    get_many = _or(lambda *args, **kwargs: {})(RedisCache.get_many)
    has_key = _or(_no)(RedisCache.has_key)
    incr = _or(_missing_key)(RedisCache.incr)
    # The keys that could not be set, as Django's backends report them.
    set_many = _or(lambda data, *args, **kwargs: list(data))(RedisCache.set_many)
    delete_many = _or(_nothing)(RedisCache.delete_many)
    clear = _or(_no)(RedisCache.clear)
