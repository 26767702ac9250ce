"""The production settings refuse to start without their variables, and pass `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "k" * 30 + "-a-long-random-production-secret-" + "z" * 20,
    "ALLOWED_HOSTS": "tremplin.example.org",
    "DATABASE_URL": "sqlite:////tmp/tremplin-check.sqlite3",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
}


# Set by the test session itself (the browser tests need it); a production start never has it.
TEST_ONLY_VARIABLES = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k not in TEST_ONLY_VARIABLES}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "lms.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


class TestProductionSettings:
    def test_check_deploy_is_clean(self):
        result = run_manage("check", "--deploy", env=PRODUCTION_ENV)
        assert result.returncode == 0, result.stderr
        assert "System check identified no issues" in result.stdout
        assert "WARNING" not in result.stderr + result.stdout

    @pytest.mark.parametrize("missing", sorted(PRODUCTION_ENV))
    def test_refuses_to_start_without_a_variable(self, missing):
        env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
        result = run_manage("check", env=env)
        assert result.returncode != 0
        assert f"The environment variable {missing} is required" in result.stderr

    def test_refuses_demo_data(self):
        result = run_manage("load_demo", env=PRODUCTION_ENV)
        assert result.returncode != 0
        assert "Demo accounts are refused" in result.stderr


class TestBaseSettings:
    def test_base_is_production_safe(self):
        from lms.settings import base

        assert base.DEBUG is False or os.environ.get("DEBUG")
        assert base.SECRET_KEY == os.environ.get("SECRET_KEY", "")
        assert base.LANGUAGE_CODE == "fr"
