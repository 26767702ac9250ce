"""Security headers on the pages people see, and the HTTPS settings of production."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.accounts_tests.factories import PASSWORD, UserFactory
from tests.core_tests.test_settings import PRODUCTION_ENV

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]

UNSAFE_SCRIPT_SOURCES = {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "http:", "https:"}


def parse_csp(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


@pytest.fixture
def public_urls(site_tree):
    from tests.courses_tests.factories import make_course, make_lesson, make_section

    _home, catalogue = site_tree
    course = make_course(make_section(catalogue), slug="entetes")
    lesson = make_lesson(course, slug="lecon-entetes", title="Leçon")
    return [
        "/",
        "/formations/",
        course.url,
        lesson.url,
        "/compte/connexion/",
        "/compte/inscription/",
        "/compte/mot-de-passe/",
        "/referentiels/",
        "/api/v2/pages/",
        "/admin/login/",
        "/page-qui-n-existe-pas/",
    ]


class TestHeaders:
    def test_every_public_page_sends_the_security_headers(self, client, public_urls):
        for url in public_urls:
            response = client.get(url)
            assert response.status_code in (200, 404), url
            assert response["X-Content-Type-Options"] == "nosniff", url
            assert response["Referrer-Policy"] == "same-origin", url
            assert response["X-Frame-Options"] in ("SAMEORIGIN", "DENY"), url
            assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
            assert "Content-Security-Policy" in response, url

    def test_csp_forbids_inline_and_foreign_script(self, client, public_urls):
        for url in public_urls:
            csp = parse_csp(client.get(url)["Content-Security-Policy"])
            script_src = csp.get("script-src", csp.get("default-src"))
            assert script_src == ["'self'"], (url, script_src)
            assert not UNSAFE_SCRIPT_SOURCES & set(script_src), url
            assert csp["object-src"] == ["'none'"], url
            assert csp["base-uri"] == ["'self'"], url
            assert csp["form-action"] == ["'self'"], url
            assert csp["frame-ancestors"] in (["'self'"], ["'none'"]), url
            assert csp["default-src"] == ["'self'"], url

    def test_csp_is_enforced_not_report_only(self, client, site_tree):
        response = client.get("/")
        assert "Content-Security-Policy-Report-Only" not in response

    def test_session_cookie_is_http_only_and_same_site(self, client, site_tree):
        user = UserFactory(email="cookie@tremplin.test")
        response = client.post("/compte/connexion/", {"username": user.email, "password": PASSWORD})
        assert response.status_code == 302
        cookie = response.cookies["sessionid"]
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"


PRODUCTION_PROBE = r"""
import json
import django
django.setup()
from django.conf import settings
from django.test import Client

client = Client(HTTP_HOST="tremplin.example.org")
plain = client.get("/i18n/setlang/")
secure = client.get("/i18n/setlang/", secure=True)
print(json.dumps({
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location", ""),
    "hsts": secure.get("Strict-Transport-Security", ""),
    "x_frame_options": secure.get("X-Frame-Options", ""),
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "session_cookie_httponly": settings.SESSION_COOKIE_HTTPONLY,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "proxy_header": list(settings.SECURE_PROXY_SSL_HEADER or []),
    "debug": settings.DEBUG,
}))
"""


@pytest.fixture(scope="module")
def production():
    base = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "lms.settings.production", "PYTHONPATH": str(ROOT), **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


class TestProductionHttps:
    def test_plain_http_is_redirected_to_https(self, production):
        assert production["plain_status"] == 301
        assert production["plain_location"].startswith("https://tremplin.example.org/")

    def test_hsts_for_a_year_with_subdomains_and_preload(self, production):
        assert production["hsts"] == "max-age=31536000; includeSubDomains; preload"

    def test_cookies_are_secure_and_http_only(self, production):
        assert production["session_cookie_secure"] is True
        assert production["csrf_cookie_secure"] is True
        assert production["session_cookie_httponly"] is True

    def test_behind_a_tls_proxy(self, production):
        assert production["ssl_redirect"] is True
        assert production["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
        assert production["debug"] is False

    def test_pages_cannot_be_framed(self, production):
        assert production["x_frame_options"] == "DENY"
