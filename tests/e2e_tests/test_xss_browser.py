"""A real browser runs no script from hostile stored content, and the CSP is what stops inline script.

Payloads go in where people can write today: a learner's profile (names, structure), a lesson's
rich text stored as raw HTML through the StreamField JSON (as an import would; nh3 removes it), a course
summary. The CSP is checked on its own by injecting an inline handler into a served page.
Each page is loaded with a dialog listener and the ``window.__xss`` canary; javascript: links are
clicked. A control test proves the canary does detect script when no CSP applies.
"""

import json

import pytest

from courses.models import CoursePage
from tests.accounts_tests.factories import PASSWORD
from tests.courses_tests.factories import make_course, make_lesson

from .pages import LoginPage, ProfilePage, ScriptGuard, SitePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

IMG = '<img src=x onerror="window.__xss=1;alert(1)">'
SVG = '<svg onload="window.__xss=2;alert(2)"></svg>'
SCRIPT = "<script>window.__xss=3;alert(3)</script>"
JS_LINK = '<a id="piege" href="javascript:window.__xss=4;alert(4)">Cliquez ici</a>'
RAW_RICH_TEXT = f"<p>Texte piégé.</p>{IMG}{SVG}{SCRIPT}<p>{JS_LINK}</p>"


@pytest.fixture
def hostile_lesson(world):
    course = CoursePage.objects.get(pk=world.course_x.pk)
    return make_lesson(
        course, slug="lecon-piegee", title="Leçon piégée", body=[{"type": "text", "value": RAW_RICH_TEXT}]
    )


@pytest.fixture
def hostile_course(world):
    return make_course(world.section_y, slug="cours-piege", title="Cours piégé", summary=IMG + SVG + SCRIPT)


class TestCanaryControl:
    def test_the_canary_detects_script_when_no_csp_applies(self, page):
        guard = ScriptGuard(page)
        page.set_content(f"<p>témoin</p>{IMG}")
        page.wait_for_function("window.__xss === 1")
        assert guard.canary() == 1
        assert guard.dialogs == ["alert: 1"]


class TestStoredContent:
    def test_raw_html_in_a_lesson_runs_nothing(self, page, hostile_lesson):
        guard = ScriptGuard(page)
        response = page.goto(hostile_lesson.url)
        # nh3 removes the markup on the way out (content/sanitize.py): the text stays, the script does not.
        html = response.text()
        assert "Texte piégé." in html and "Cliquez ici" in html
        assert "onerror" not in html and "onload" not in html and "javascript:" not in html
        page.wait_for_load_state("load")
        page.get_by_text("Cliquez ici").click()
        page.wait_for_timeout(300)
        guard.assert_nothing_ran(hostile_lesson.url)

    def test_course_summary_is_text_everywhere(self, page, hostile_course):
        guard = ScriptGuard(page)
        for url in ("/formations/", hostile_course.url, f"/formations/?q={hostile_course.title}"):
            SitePage(page).open(url)
            page.wait_for_load_state("load")
            guard.assert_nothing_ran(url)
        assert "onerror" in page.locator("main").inner_text(), "the payload is shown as text"

    def test_profile_fields_typed_by_a_learner_run_nothing(self, page, world):
        guard = ScriptGuard(page)
        LoginPage(page).open().submit(world.users["learner_a"].email, PASSWORD)
        ProfilePage(page).open().save(first_name=IMG[:150], last_name=SVG[:150], structure=SCRIPT + JS_LINK)
        ProfilePage(page).open()
        guard.assert_nothing_ran("profil")
        assert page.locator("#id_first_name").input_value() == IMG[:150]
        world.users["learner_a"].refresh_from_db()
        assert world.users["learner_a"].structure == SCRIPT + JS_LINK


class TestCspOnServedPages:
    def test_served_pages_refuse_inline_script(self, page, hostile_lesson):
        """The header, not the page, is what refuses: an inline handler on a served page is reported."""
        guard = ScriptGuard(page)
        response = page.goto(hostile_lesson.url)
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        page.wait_for_load_state("load")
        # Markup that slipped past every sanitiser would be refused by the browser: inject an inline
        # handler into the served page and check that it is blocked and reported, not run.
        page.evaluate("""document.body.insertAdjacentHTML('beforeend', '<img src=x onerror="window.__xss=5">')""")
        page.wait_for_timeout(300)
        assert guard.canary() is None
        assert any("script-src" in v for v in guard.csp_violations())

    def test_api_runs_nothing_as_json_or_in_the_browsable_view(self, page, hostile_course):
        url = f"/api/v2/pages/{hostile_course.pk}/"
        data = page.request.get(url, headers={"Accept": "application/json"})
        assert data.headers["content-type"].startswith("application/json")
        assert json.loads(data.text())["summary"].startswith("<img")
        guard = ScriptGuard(page)
        page.goto(url)  # a browser asks for HTML: Django REST framework's browsable view
        page.wait_for_load_state("load")
        guard.assert_nothing_ran("api")
