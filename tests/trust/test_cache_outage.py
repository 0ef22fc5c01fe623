"""Found by the Redis-down drill of #8 (tests/trust/test_faults.py): with Redis away, nobody
could sign in. allauth's rate limit takes a lock with `cache.add` before counting a login;
the resilient cache answered every `add` with "already there", so the lock was never had and
every login was refused as too many (429) after a second's wait. While Redis is away a write
is dropped as if it were made, `add` included, and members sign in as usual."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from tests.factories import make_member
from tests.trust.world import PASSWORD

pytestmark = pytest.mark.django_db

REDIS_AWAY = override_settings(
    CACHES={
        "default": {
            "BACKEND": "convening_site.redis_cache.RedisCacheTheSiteCanLiveWithout",
            # Nothing listens on port 9: every cache call fails at once.
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }
)


@REDIS_AWAY
def test_a_member_signs_in_with_their_password_while_redis_is_away(client):
    member = make_member(name="Rhea Redisless")

    answer = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})

    assert answer.status_code == 302
    assert answer["Location"] == "/me/"
    assert client.get("/me/").status_code == 200


@REDIS_AWAY
def test_while_redis_is_away_reads_miss_and_writes_are_dropped_as_if_made():
    assert cache.add("h6-lock", True) is True
    assert cache.get("h6-lock") is None
    assert cache.get("h6-lock", "default") == "default"
