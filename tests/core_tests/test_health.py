import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

# A loopback port nothing listens on: connections are refused at once.
DEAD_REDIS = "redis://127.0.0.1:1/0"


class TestHealthz:
    def test_reports_every_service(self, client):
        response = client.get("/healthz/")
        body = response.json()
        assert response.status_code == 200
        assert body["status"] == "ok"
        assert set(body["checks"]) == {"database", "cache", "broker"}
        assert all(check["ok"] for check in body["checks"].values())

    def test_is_never_cached(self, client):
        assert "no-cache" in client.get("/healthz/")["Cache-Control"]

    def test_cache_down_gives_503_naming_the_cache(self, client):
        caches = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": DEAD_REDIS}}
        with override_settings(CACHES=caches):
            response = client.get("/healthz/")
        body = response.json()
        assert response.status_code == 503
        assert body["status"] == "error"
        assert body["checks"]["cache"]["ok"] is False
        assert "Connection" in body["checks"]["cache"]["error"]
        assert body["checks"]["database"]["ok"] is True

    def test_broker_down_gives_503_naming_the_broker(self, client):
        with override_settings(CELERY_BROKER_URL=DEAD_REDIS):
            response = client.get("/healthz/")
        body = response.json()
        assert response.status_code == 503
        assert body["checks"]["broker"]["ok"] is False
        assert body["checks"]["database"]["ok"] is True

    def test_only_get(self, client):
        assert client.post("/healthz/").status_code == 405
