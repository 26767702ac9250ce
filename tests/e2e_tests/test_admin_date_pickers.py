"""Wagtail's date pickers start in the admin under the strict CSP (no inline script).

Wagtail's date widgets start their picker with an inline ``<script>``, which the CSP blocks; Tremplin's
widget templates (lms/core/templates/wagtailadmin/widgets/) leave a marker that
``site/static/js/admin-date-choosers.js`` starts instead. The page editor's publishing schedule (go live /
expiry dates) is where authors meet them.
"""

import pytest

from tests.accounts_tests.factories import PASSWORD

from .pages import AdminSession, ScriptGuard

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_publishing_schedule_pickers_start_without_inline_script(new_page, world):
    page = new_page()
    guard = ScriptGuard(page)
    AdminSession(page).login(world.users["author_x"].email, PASSWORD)
    page.goto(f"/admin/pages/{world.lesson_x.pk}/edit/")
    html = page.content()
    assert "initDateTimeChooser(" not in html, "no inline script left in the widgets"
    for field in ("id_go_live_at", "id_expire_at"):
        marker = page.locator(f'[data-tremplin-chooser="datetime"][data-tremplin-chooser-for="{field}"]')
        assert marker.get_attribute("data-tremplin-chooser-done") == "1", field
    # initDateTimeChooser builds one picker per field (hidden until the field is focused): none without the fix.
    assert page.locator(".xdsoft_datetimepicker").count() >= 2
    assert guard.csp_violations() == [], guard.csp_violations()


def test_a_picker_opens_on_its_field(new_page, world):
    page = new_page()
    AdminSession(page).login(world.users["author_x"].email, PASSWORD)
    page.goto(f"/admin/pages/{world.lesson_x.pk}/edit/")
    pickers = page.locator(".xdsoft_datetimepicker")
    shown = "els => els.filter(el => getComputedStyle(el).display !== 'none').length"
    assert pickers.evaluate_all(shown) == 0
    # The schedule fields sit in a closed dialog: send the event the picker listens to, as focusing does.
    page.locator("#id_go_live_at").dispatch_event("mousedown")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.xdsoft_datetimepicker')]"
        ".some(el => getComputedStyle(el).display !== 'none')"
    )
    assert pickers.evaluate_all(shown) == 1
