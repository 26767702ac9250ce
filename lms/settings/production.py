"""Production: every secret and service comes from the environment, or the process refuses to start."""

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_list, env_required

SECRET_KEY = env_required("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [env_required("ALLOWED_HOSTS")]
DATABASES = {
    "default": dj_database_url.parse(
        env_required("DATABASE_URL"),
        conn_max_age=env_int("CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
CELERY_BROKER_URL = env_required("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
CELERY_TASK_ALWAYS_EAGER = False
REDIS_URL = env_required("REDIS_URL")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "tremplin",
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# HTTPS everywhere; a proxy in front terminates TLS and says so with X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
TREMPLIN_ALLOW_DEMO_DATA = False

# Anonymous page cache (lms.core.page_cache): server-side lifetime behind the invalidation, and the short
# max-age browsers and proxies may keep a public page.
TREMPLIN_PAGE_CACHE_SECONDS = env_int("TREMPLIN_PAGE_CACHE_SECONDS", 300)
TREMPLIN_PAGE_CACHE_MAX_AGE = env_int("TREMPLIN_PAGE_CACHE_MAX_AGE", 60)

# LOCAL USE ONLY: `make serve-prod` and `make bench` serve plain HTTP on 127.0.0.1 with no TLS proxy, so
# secure-only cookies would never come back. TREMPLIN_LOCAL_HTTP=1 relaxes them and is refused for any
# other host name; a real deployment never sets it.
TREMPLIN_LOCAL_HTTP = env_bool("TREMPLIN_LOCAL_HTTP", False)
if TREMPLIN_LOCAL_HTTP:
    if not set(ALLOWED_HOSTS) <= {"127.0.0.1", "localhost", "[::1]"}:
        raise ImproperlyConfigured(
            "TREMPLIN_LOCAL_HTTP=1 is for local runs only: ALLOWED_HOSTS may then hold only 127.0.0.1, "
            "localhost and [::1]."
        )
    SECURE_SSL_REDIRECT = False
    SECURE_HSTS_SECONDS = 0
    SESSION_COOKIE_SECURE = False
    CSRF_COOKIE_SECURE = False
