"""Checks of the services Tremplin depends on, for ``/healthz/`` and monitoring."""

import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "vendor": connection.vendor}


def check_cache() -> dict:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    value = cache.get(key)
    cache.delete(key)
    if value != "ok":
        raise RuntimeError("the cache did not return the value just written")
    return {"ok": True, "backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}


def check_broker() -> dict:
    from kombu import Connection

    if not settings.CELERY_BROKER_URL:
        return {"ok": True, "mode": "eager"}
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return {"ok": True, "mode": "broker"}


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


def run_checks() -> tuple[bool, dict]:
    """Run every check; return whether all passed and a report per service."""
    report = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            result = check()
        except Exception as error:  # noqa: BLE001 - any failure of a dependency is reported, not raised
            result = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        result["ms"] = round((time.perf_counter() - started) * 1000, 1)
        report[name] = result
    return all(item["ok"] for item in report.values()), report
