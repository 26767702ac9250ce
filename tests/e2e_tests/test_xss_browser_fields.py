"""A real browser runs no script from hostile text stored in the fields of the learning, badges and quiz pages.

The server-side corpus (``tests/trust_tests/test_xss_corpus.py``) types every payload through the real
forms and scans the HTML; this module stores a few hostile values directly (ORM and services) and opens
each page that shows them in Debian's Chromium, as the person who reads it, with ``ScriptGuard`` (dialog
listener, ``window.__xss`` canary, CSP reports). On every page the test first asserts that the hostile
text is shown as text (or kept as the value of its form field), then clicks every « Cliquez ici » link,
then asserts that no dialog opened, the canary is unset, no hostile markup reached the DOM and the CSP
reported nothing.

The seven payloads are split into two groups (A and B) so each fits in a 200-character field; each
field gets one value per group (two objects of each kind).

Fields and pages covered:

1. Cohort name: ``/organisme/``, the cohort page and its edit form (trainer), the learner's dashboard
   ``/mon-parcours/``, ``/admin/parcours/sessions-de-formation/`` (administrator).
2. Live session title, description and place: ``/sessions/`` and ``/sessions/<id>/`` (learner),
   ``/organisme/`` and the session's edit form (trainer), ``/admin/parcours/sessions-en-direct/``.
3. Badge class name, description, criteria (and image alternative text): the public assertion page
   ``/badges/assertions/<uuid>/`` (anonymous), ``/badges/mes-badges/`` and the dashboard (learner), the
   award page ``/badges/attribuer/`` (trainer), ``/admin/badges/classes/`` (administrator).
4. Question prompt, choice text, choice feedback (and explanation): the quiz (the assessment page, attempt
   in progress) and the results page ``/evaluations/tentative/<id>/resultats/`` (learner), the question
   bank ``/admin/snippets/assessments/question/`` (administrator, prompt cut at 90 characters).
5. Trainer grading feedback and regrading reason: the results page (learner) and the grading page
   ``/evaluations/correction/<id>/`` (trainer: feedback in its textarea, reason in the history).
"""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tests.accounts_tests.factories import PASSWORD

from .pages import AdminSession, LoginPage, ScriptGuard, SitePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

IMG = '<img src=x onerror="window.__xss=1;alert(1)">'
SVG = '<svg onload="window.__xss=2;alert(2)"></svg>'
SCRIPT = "<script>window.__xss=3;alert(3)</script>"
JS_LINK = '<a id="piege" href="javascript:window.__xss=4;alert(4)">Cliquez ici</a>'
ATTRIBUTE = '"><img src=x onerror=window.__xss=5>'
QUOTE = "'-alert(6)-'"
TEXTAREA = "</textarea><script>window.__xss=7</script>"
PAYLOADS = [IMG, SVG, SCRIPT, JS_LINK, ATTRIBUTE, QUOTE, TEXTAREA]
# Two groups of payloads, each short enough for a 200-character field with its label.
GROUPS = {"A": " ".join([IMG, SVG, SCRIPT, ATTRIBUTE]), "B": " ".join([JS_LINK, QUOTE, TEXTAREA])}

# The elements a payload would add if it were parsed as markup (scripts only when they hold a payload).
HOSTILE_MARKUP = """() => Array.from(document.querySelectorAll('#piege, img[src="x"], img[onerror], svg[onload], script'))
  .filter((e) => e.tagName !== 'SCRIPT' || e.textContent.includes('__xss')).map((e) => e.outerHTML)"""


def hostile(label: str, group: str) -> str:
    value = f"{label} {group} {GROUPS[group]}"
    assert len(value) <= 200, value
    return value


def lines(label: str) -> str:
    """Every payload, one a line (multi-line fields)."""
    return "\n".join(f"{label} {number} {payload}" for number, payload in enumerate(PAYLOADS, start=1))


def check_page(page, guard: ScriptGuard, path: str, *, texts=(), values=(), options=()) -> None:
    """Open ``path``: the hostile texts are shown, links are clicked, nothing runs, no markup is injected."""
    SitePage(page).open(path)
    page.wait_for_load_state("load")
    shown = page.locator("body").inner_text()
    for text in texts:
        for line in text.split("\n"):
            assert line in shown, f"{path}: {line!r} is not shown as text"
    if values:
        kept = page.evaluate("() => Array.from(document.querySelectorAll('input, textarea'), (e) => e.value)")
        kept = [value.replace("\r\n", "\n") for value in kept]
        for value in values:
            assert value in kept, f"{path}: {value!r} is not the value of a form field"
    if options:
        labels = page.locator("select option").all_text_contents()
        for option in options:
            assert option in [label.strip() for label in labels], f"{path}: {option!r} is not an option"
    # A javascript: link, if one were rendered: the person clicks it (element.click(), visible or not).
    links = page.locator("a#piege").or_(page.get_by_role("link", name="Cliquez ici", exact=True))
    for index in range(links.count()):
        links.nth(index).evaluate("(a) => a.click()")
    page.wait_for_timeout(150)
    guard.assert_nothing_ran(path)
    assert page.evaluate(HOSTILE_MARKUP) == [], f"{path}: hostile markup reached the DOM"
    assert guard.csp_violations() == [], f"{path}: CSP violations {guard.csp_violations()}"


def login(page, user) -> None:
    LoginPage(page).open().submit(user.email, PASSWORD)
    assert "/compte/connexion/" not in page.url, f"login of {user.email} refused"


@pytest.fixture
def stored(world):
    """Store the hostile values (ORM and services) and return what each page should show."""
    from assessments.services import answer_grade, answer_save, attempt_start, attempt_submit
    from lms.badges.services import assertion_award_manual, assertion_issue
    from lms.learning.models import Cohort, Enrolment, LiveSession
    from tests.assessments_tests.factories import make_assessment, make_question
    from tests.badges_tests.factories import TRAINER_RULE, make_badge_class
    from tests.courses_tests.factories import make_course

    learner, trainer = world.user("learner_a"), world.user("trainer_x")
    today, now = timezone.localdate(), timezone.now()
    data = SimpleNamespace(cohorts=[], sessions=[], badges=[], assertions=[], questions=[])
    for group in GROUPS:
        # learner_a has finished course_x: a course of her own for each cohort, so her dashboard shows it.
        course = make_course(world.section_x, slug=f"cours-piege-{group.lower()}", title=f"Cours piégé {group}")
        cohort = Cohort.objects.create(
            organisation=world.org_x,
            course=course,
            name=hostile("Cohorte", group),
            starts_on=today,
            ends_on=today + timedelta(days=30),
        )
        cohort.trainers.set([trainer])
        Enrolment.objects.create(user=learner, course=course, cohort=cohort)
        data.cohorts.append(cohort)

        data.sessions.append(
            LiveSession.objects.create(
                organisation=world.org_x,
                course=world.course_x,
                title=hostile("Atelier", group),
                description=lines(f"Description {group}"),
                place=hostile("Lieu", group),
                starts_at=now + timedelta(days=3),
                trainer=trainer,
            )
        )

        badge_class = make_badge_class(
            world.org_x,
            name=hostile("Badge", group),
            description=lines(f"Description {group}"),
            criteria_narrative=lines(f"Critère {group}"),
            image_alt=hostile("Image", group),
            rules=[TRAINER_RULE],
        )
        assertion = assertion_award_manual(
            badge_class=badge_class, learner=learner, trainer=trainer, narrative="Atelier animé."
        )
        if assertion.status != "issued":
            assertion, _now = assertion_issue(assertion_id=assertion.pk)
        data.badges.append(badge_class)
        data.assertions.append(assertion)

        config = {
            "choices": [
                {"id": "sa", "text": "Bonne réponse", "correct": True, "feedback": "Bien vu."},
                {"id": "sb", "text": hostile("Choix", group), "correct": False, "feedback": hostile("Retour", group)},
            ]
        }
        data.questions.append(
            make_question(
                world.org_x,
                "single_choice",
                competencies=[world.framework["CP1"]],
                prompt=hostile("Énoncé", group),
                config=config,
                explanation=lines(f"Explication {group}"),
            )
        )

    data.assessment = make_assessment(
        world.course_x,
        questions=data.questions,
        slug="quiz-piege",
        title="Quiz piégé",
        shuffle_choices=False,
        show_answers="after_attempt",
    )
    data.quiz_attempt = attempt_start(user=learner, assessment=data.assessment)

    def submit_quiz():
        """The learner picks the hostile choice of every question and hands the quiz in."""
        for question in data.questions:
            answer_save(attempt_id=data.quiz_attempt.pk, user=learner, question_id=question.pk, raw="sb")
        attempt_submit(attempt_id=data.quiz_attempt.pk, user=learner)

    data.submit_quiz = submit_quiz

    # The trainer grades learner_a's open response, then regrades it with a reason.
    data.answer = world.extra["answer_open_a"]
    data.graded_attempt = world.extra["attempt_submitted_a"]
    data.feedback = lines("Commentaire")
    data.reason = " ".join(["Raison", *PAYLOADS])
    answer_grade(answer_id=data.answer.pk, grader=trainer, levels=[1, 1], feedback="Premier avis.")
    answer_grade(answer_id=data.answer.pk, grader=trainer, levels=[2, 1], feedback=data.feedback, reason=data.reason)
    return data


class TestHostileFieldsInTheBrowser:
    def test_learner_pages(self, page, world, stored):
        guard = ScriptGuard(page)
        login(page, world.user("learner_a"))
        check_page(
            page,
            guard,
            "/mon-parcours/",
            texts=[*(c.name for c in stored.cohorts), *(b.name for b in stored.badges)],
        )
        check_page(page, guard, "/sessions/", texts=[t for s in stored.sessions for t in (s.title, s.place)])
        for session in stored.sessions:
            check_page(
                page, guard, f"/sessions/{session.pk}/", texts=[session.title, session.description, session.place]
            )
        check_page(page, guard, "/badges/mes-badges/", texts=[b.name for b in stored.badges])

        choices = [q.config["choices"][1] for q in stored.questions]
        check_page(
            page,
            guard,
            stored.assessment.url,
            texts=[*(q.prompt for q in stored.questions), *(c["text"] for c in choices)],
        )
        stored.submit_quiz()
        check_page(
            page,
            guard,
            f"/evaluations/tentative/{stored.quiz_attempt.pk}/resultats/",
            texts=[
                *(q.prompt for q in stored.questions),
                *(q.explanation for q in stored.questions),
                *(c["text"] for c in choices),
                *(c["feedback"] for c in choices),
            ],
        )
        check_page(
            page, guard, f"/evaluations/tentative/{stored.graded_attempt.pk}/resultats/", texts=[stored.feedback]
        )

    def test_trainer_pages(self, page, world, stored):
        guard = ScriptGuard(page)
        login(page, world.user("trainer_x"))
        check_page(
            page, guard, "/organisme/", texts=[*(c.name for c in stored.cohorts), *(s.title for s in stored.sessions)]
        )
        for cohort in stored.cohorts:
            check_page(page, guard, f"/organisme/sessions-de-formation/{cohort.pk}/", texts=[cohort.name])
            check_page(page, guard, f"/organisme/sessions-de-formation/{cohort.pk}/modifier/", values=[cohort.name])
        for session in stored.sessions:
            check_page(
                page,
                guard,
                f"/organisme/direct/{session.pk}/modifier/",
                values=[session.title, session.description, session.place],
            )
        names = [b.name for b in stored.badges]
        check_page(page, guard, "/badges/attribuer/", texts=names, options=names)
        check_page(
            page, guard, f"/evaluations/correction/{stored.answer.pk}/", texts=[stored.reason], values=[stored.feedback]
        )

    def test_public_badge_pages(self, page, stored):
        guard = ScriptGuard(page)
        for badge_class, assertion in zip(stored.badges, stored.assertions, strict=True):
            path = f"/badges/assertions/{assertion.uuid}/"
            check_page(
                page, guard, path, texts=[badge_class.name, badge_class.description, badge_class.criteria_narrative]
            )
            alts = page.locator("img").evaluate_all("(images) => images.map((i) => i.alt)")
            assert badge_class.image_alt in alts, f"{path}: the image's alternative text is not kept"

    def test_administrator_listings(self, page, world, stored):
        guard = ScriptGuard(page)
        AdminSession(page).login(world.user("administrator").email, PASSWORD)
        check_page(page, guard, "/admin/parcours/sessions-de-formation/", texts=[c.name for c in stored.cohorts])
        check_page(page, guard, "/admin/parcours/sessions-en-direct/", texts=[s.title for s in stored.sessions])
        check_page(page, guard, "/admin/badges/classes/", texts=[b.name for b in stored.badges])
        check_page(page, guard, "/admin/snippets/assessments/question/", texts=[str(q) for q in stored.questions])
