"""django-redis with IGNORE_EXCEPTIONS, so the site stays up while Redis is away: reads miss and
writes are dropped. One answer differs from django-redis's own: a dropped `add` says it added.

allauth takes a lock with `cache.add` before counting a sign-in against its rate limits, and
remembers a used TOTP code the same way: with `add` answering "not added" while Redis is away,
the lock is never had and every sign-in is refused as too many (found by the Redis-down drill of
#8, tests/trust/test_cache_outage.py)."""

from django_redis.cache import RedisCache, omit_exception


class RedisCacheTheSiteCanLiveWithout(RedisCache):
    @omit_exception(return_value=True)
    def add(self, *args, **kwargs):
        return self.client.add(*args, **kwargs)
