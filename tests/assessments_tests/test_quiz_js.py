"""The quiz's script in a real browser: answers are saved as the learner goes, by keyboard too.

Uses Debian's Chromium through Playwright (tests/browser_fixtures.py) and skips without it.
"""

import pytest
from django.test import Client

from assessments.models import Answer, Attempt, AttemptStatus
from assessments.services import attempt_start

from .factories import make_quiz_setup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def browser_page(new_page):
    page = new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    return page


@pytest.fixture(autouse=True)
def _content_type_cache_warm():
    # Serialized rollback reloads Wagtail's rows at teardown; a cold content-type cache would collide.
    yield
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.get_for_models(*apps.get_models(), for_concrete_models=False)


def log_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_answers_are_saved_as_the_learner_goes_and_restored(browser_page, live_server, site_tree):
    quiz = make_quiz_setup(site_tree[1], kinds=["single_choice", "numeric", "ordering"])
    attempt = attempt_start(user=quiz.learner, assessment=quiz.assessment)
    page = browser_page
    log_in(page, live_server, quiz.learner)
    page.goto(quiz.assessment.url)

    single, numeric = quiz.questions["single_choice"], quiz.questions["numeric"]
    page.get_by_label("Sensibiliser").check()
    page.locator(f"#question-{single.pk} [data-question-status]").get_by_text("Réponse enregistrée").wait_for()
    assert Answer.objects.get(question=single).response == "sb"

    # Keyboard only: the arrow key moves the choice within the radio group.
    page.get_by_label("Sensibiliser").focus()
    page.keyboard.press("ArrowDown")
    page.wait_for_function(
        "id => document.querySelector('#question-' + id + ' [data-question-status]').textContent.includes('enregistrée')",
        arg=single.pk,
    )
    page.wait_for_timeout(300)
    assert Answer.objects.get(question=single).response == "sc"

    page.get_by_label("Votre réponse (un nombre) — en minutes").fill("12,5")
    page.locator(f"#question-{numeric.pk} [data-question-status]").get_by_text("Réponse enregistrée").wait_for()
    assert Answer.objects.get(question=numeric).response == 12.5

    page.get_by_label("Accueil").select_option("1")
    page.get_by_label("Bilan").select_option("1")  # the same position twice: refused, nothing stored
    page.get_by_text("Chaque position ne peut être attribuée qu'à un seul élément.").first.wait_for()
    assert Answer.objects.get(question=quiz.questions["ordering"]).response == {"o1": 1}

    page.reload()
    assert page.get_by_label("Découvrir").is_checked()
    assert page.get_by_label("Votre réponse (un nombre) — en minutes").input_value() == "12.5"

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Terminer et envoyer").click()
    page.get_by_role("heading", name="Résultats de la tentative 1").wait_for()
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.GRADED and Attempt.objects.count() == 1
    # The refused ordering answered 400 and there is no favicon: any other error (CSP, script) is a bug.
    assert [e for e in page.console_errors if not e.startswith("Failed to load resource")] == []
