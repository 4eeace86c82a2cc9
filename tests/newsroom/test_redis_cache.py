"""The Redis cache keeps one client per connection pool (run where CACHE_URL is Redis, as CI's PostgreSQL run is)."""

import pytest
from django.core.cache import caches

from newsroom.redis_cache import RedisCache

pytestmark = pytest.mark.skipif(not isinstance(caches["default"], RedisCache), reason="the suite's cache is not Redis")


def test_one_client_serves_every_call_and_the_cache_works_through_it():
    cache = caches["default"]
    client = cache._cache.get_client()

    cache.set_many({"a": 1, "b": 2})

    assert cache._cache.get_client(write=True) is client
    assert cache.get_many(["a", "b", "c"]) == {"a": 1, "b": 2}
    assert cache.add("a", 3) is False and cache.incr("b") == 3
