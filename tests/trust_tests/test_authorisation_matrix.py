"""Every view, every role: allowed or denied exactly as ``matrix.MATRIX`` declares."""

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from .matrix import MATRIX, Case, Outcome
from .urlwalk import covered_routes
from .world import ROLES, World

pytestmark = pytest.mark.django_db

LOGIN_URL_NAMES = ("accounts:login", "wagtailadmin_login", "wagtailcore_login")


def classify(response, requested: str) -> str:
    """Name what a response means for access: allow, login, denied, not found, or an error."""
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        target = urlsplit(response["Location"]).path
        if any(target == reverse(name) for name in LOGIN_URL_NAMES):
            return "login"
        admin_home = reverse("wagtailadmin_home")
        if target == admin_home and urlsplit(requested).path not in (admin_home,):
            # Wagtail refuses a screen by sending the person back to the dashboard with a message.
            return "denied"
        return "allow"
    if 200 <= status < 300:
        return "allow"
    if status == 403:
        return "denied"
    if status == 404:
        return "not found"
    return f"error {status}"


def acceptable(expected: Outcome, got: str, role: str) -> bool:
    if expected is Outcome.ALLOW:
        return got == "allow"
    if expected is Outcome.NOT_FOUND:
        return got == "not found"
    if role == "anonymous":
        return got == "login"
    return got in ("denied", "not found", "login")


def run_case(world: World, role: str, item: Case) -> tuple[str, str]:
    client = Client()
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    url = item.url(world)
    data = item.data(world) if item.data else {}
    response = client.post(url, data) if item.method == "post" else client.get(url, data)
    return url, classify(response, url)


class TestMatrixCoverage:
    def test_every_view_has_an_expectation(self):
        missing = sorted({route.name for route in covered_routes()} - set(MATRIX))
        assert not missing, (
            "New view not covered by the authorisation matrix (add a line to tests/trust_tests/matrix.py): "
            + ", ".join(missing)
        )

    def test_no_expectation_for_a_view_that_does_not_exist(self):
        stale = sorted(set(MATRIX) - {route.name for route in covered_routes()})
        assert not stale, f"Matrix rows for URL names that no longer exist: {', '.join(stale)}"

    def test_every_case_names_every_role(self):
        for name, cases in MATRIX.items():
            for item in cases:
                assert set(item.expect) == set(ROLES), name


class TestMatrix:
    @pytest.mark.parametrize("role", ROLES)
    def test_role(self, world, role):
        failures = []
        checked = 0
        for name, cases in MATRIX.items():
            for item in cases:
                expected = item.expect[role]
                url, got = run_case(world, role, item)
                checked += 1
                if not acceptable(expected, got, role):
                    label = f"{name} [{item.label}]" if item.label else name
                    failures.append(f"  {label:55} {item.method.upper():4} {url:60} expected {expected}, got {got}")
        assert checked >= len(MATRIX)
        assert not failures, f"Authorisation matrix, role {role!r}:\n" + "\n".join(failures)
