"""A cache configuration whose server never answers (nothing listens on port 1): the cache is down."""

DEAD_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}
