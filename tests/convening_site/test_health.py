"""/healthz, for load balancers: 200 while the database and the cache answer, 503 naming the part
that does not; cheap, never cached, open to anyone, answered over plain http."""

import pytest
from django.core.cache import cache
from django.db import connections
from django.test import override_settings

pytestmark = pytest.mark.django_db

REDIS_AWAY = override_settings(
    CACHES={
        "default": {
            "BACKEND": "convening_site.redis_cache.RedisCacheTheSiteCanLiveWithout",
            # Nothing listens on port 9: every cache call fails at once (and is ignored).
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }
)


@pytest.fixture
def database_away():
    """The default connection replaced, for the test, by one to a database that cannot be
    reached: nothing listens on port 1 for PostgreSQL; SQLite's file is in a folder that does
    not exist."""
    working = connections["default"]
    unreachable = dict(working.settings_dict)
    if working.vendor == "sqlite":
        unreachable["NAME"] = "/nonexistent-folder/convening.sqlite3"
    else:
        unreachable |= {"HOST": "127.0.0.1", "PORT": "1"}
    broken = working.__class__(unreachable, alias="default")
    connections["default"] = broken
    try:
        yield
    finally:
        connections["default"] = working
        broken.close()


def test_the_site_is_healthy_when_the_database_and_the_cache_answer(client):
    answer = client.get("/healthz")

    assert answer.status_code == 200
    assert answer.json() == {"database": "ok", "cache": "ok", "status": "ok"}
    assert answer["Content-Type"] == "application/json"


def test_it_is_never_cached_and_sets_no_cookie(client):
    answer = client.get("/healthz")

    assert "no-store" in answer["Cache-Control"]
    assert "private" in answer["Cache-Control"]
    assert not answer.cookies
    assert "X-Page-Cache" not in answer


def test_it_answers_a_load_balancer_over_plain_http_even_where_https_is_required(client):
    with override_settings(SECURE_SSL_REDIRECT=True):
        probed = client.get("/healthz")
        page = client.get("/robots.txt")

    assert probed.status_code == 200
    assert page.status_code == 301, "the https redirect is on for everything else"


def test_head_is_answered_and_other_methods_are_not(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_it_reads_no_session_and_no_page_and_costs_one_query(client, django_assert_num_queries):
    client.get("/healthz")  # the first request of a process loads what every one needs
    with django_assert_num_queries(1):
        client.get("/healthz")


def test_a_database_that_cannot_be_reached_is_503_naming_the_database(client, database_away):
    answer = client.get("/healthz")

    assert answer.status_code == 503
    assert answer.json() == {"database": "failed", "cache": "ok", "status": "failing"}
    assert "127.0.0.1" not in answer.content.decode()


@REDIS_AWAY
def test_a_cache_that_cannot_be_reached_is_503_naming_the_cache(client):
    # The rest of the site carries on without Redis (tests/trust/test_cache_outage.py); the
    # balancer is still told, so someone looks.
    assert cache.get("anything") is None

    answer = client.get("/healthz")

    assert answer.status_code == 503
    assert answer.json() == {"database": "ok", "cache": "failed", "status": "failing"}


@REDIS_AWAY
def test_both_away_names_both(client, database_away):
    answer = client.get("/healthz")

    assert answer.status_code == 503
    assert answer.json() == {"database": "failed", "cache": "failed", "status": "failing"}


def _redis_answers() -> bool:
    import redis

    try:
        return redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_timeout=0.5).ping()
    except redis.RedisError:
        return False


@pytest.mark.skipif(not _redis_answers(), reason="no Redis at 127.0.0.1:6379 to check against")
def test_a_real_redis_that_answers_is_healthy(client):
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "convening_site.redis_cache.RedisCacheTheSiteCanLiveWithout",
                "LOCATION": "redis://127.0.0.1:6379/11",
                "OPTIONS": {"IGNORE_EXCEPTIONS": True},
            }
        }
    ):
        answer = client.get("/healthz")

    assert answer.status_code == 200
    assert answer.json()["cache"] == "ok"
