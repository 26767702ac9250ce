"""axe-core (bundled in axe-playwright-python, no download) finds no serious or critical violation.

``PAGES`` is data: add a line per new screen. A page listed here must exist; nothing is skipped.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.apps import apps
from django.urls import reverse

from tests.accounts_tests.factories import PASSWORD

from .pages import LoginPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BLOCKING_IMPACTS = {"serious", "critical"}
# (id, role logged in or None, path builder taking the world)
PAGES = [
    ("home", None, lambda w: "/"),
    ("catalogue", None, lambda w: "/formations/"),
    ("catalogue-filtered", None, lambda w: "/formations/?block=TRUST-REMN%3ACCP1&q=cours"),
    ("organisation", None, lambda w: w.section_x.url),
    ("course", None, lambda w: w.course_x.url),
    ("lesson", None, lambda w: w.lesson_x.url),
    ("login", None, lambda w: "/compte/connexion/"),
    ("login-errors", None, lambda w: "/compte/connexion/"),
    ("signup", None, lambda w: "/compte/inscription/"),
    ("password-reset", None, lambda w: "/compte/mot-de-passe/"),
    ("frameworks", None, lambda w: "/referentiels/"),
    ("framework", None, lambda w: f"/referentiels/{w.framework['framework'].code}/"),
    ("profile", "learner_a", lambda w: "/compte/profil/"),
    ("not-found", None, lambda w: "/page-absente/"),
    # The learner's, trainer's, coordinator's and jury's screens, on the world's data (tests/<app>_tests/trust_matrix.py).
    ("dashboard", "learner_a", lambda w: "/mon-parcours/"),
    ("live-sessions", None, lambda w: "/sessions/"),
    ("quiz", "learner_a", lambda w: w.extra["attempt_open_a"].assessment.url),
    (
        "quiz-results",
        "learner_a",
        lambda w: reverse("assessments:attempt_results", args=[w.extra["attempt_submitted_a"].pk]),
    ),
    ("portfolio", "learner_a", lambda w: reverse("portfolio:detail", args=[w.extra["portfolio_a"].pk])),
    ("jury", "jury", lambda w: reverse("portfolio:jury_portfolio", args=[w.extra["share_a"].token])),
    ("badges", "learner_a", lambda w: "/badges/mes-badges/"),
    ("organisation-space", "trainer_x", lambda w: "/organisme/"),
    ("coordination", "coordinator", lambda w: "/coordination/"),
]
if apps.is_installed("lms.twofactor"):
    PAGES.append(("twofactor-enrol", "author_x", lambda w: "/compte/2fa/"))


def readable(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:5]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:160]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


@pytest.fixture(scope="module")
def axe():
    return Axe()


class TestAxeWorksOffline:
    def test_axe_reports_a_known_violation(self, page, axe):
        page.set_content('<html lang="fr"><body><main><img src="x.png"><button></button></main></body></html>')
        ids = {v["id"] for v in axe.run(page).response["violations"]}
        assert {"image-alt", "button-name"} <= ids


class TestAccessibility:
    @pytest.mark.parametrize(("name", "role", "path"), PAGES, ids=[p[0] for p in PAGES])
    def test_no_serious_or_critical_violation(self, page, world, axe, name, role, path):
        if role is not None:
            LoginPage(page).open().submit(world.users[role].email, PASSWORD)
        url = path(world)
        response = page.goto(url)
        expected = 404 if name == "not-found" else 200
        assert response.status == expected, f"{url}: HTTP {response.status}"
        if name == "login-errors":
            LoginPage(page).submit_empty()
        results = axe.run(page)
        violations = results.response["violations"]
        if violations:
            print(f"axe {name}: " + ", ".join(f"{v['id']} ({v['impact']})" for v in violations))
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        assert not blocking, f"axe on {url}:\n{readable(blocking)}"
