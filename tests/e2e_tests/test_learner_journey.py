"""The learner's journey, end to end, in a real browser (Debian's Chromium driven by Playwright) on the demo data.

What the journey proves, through the pages a person uses (``load_demo``, Celery eager, on-commit callbacks
really run since the test is transactional):

- Camille Martin, a demo learner, signs in and enrols in « Accueillir la diversité des publics » (a demo
  course she is not enrolled in) with the course page's button;
- she reads each lesson and marks it done with « J'ai terminé cette leçon », each click leading to the next
  lesson, then back to the course page, which counts the required lessons done;
- she takes the course's assessment: every question answered with the form's controls (radios, check boxes,
  selects, text fields), each answer saved by the page's script as she goes, then « Terminer et envoyer »;
  the open answer waits for a trainer, so the result is « en attente » and the course is not completed;
- the trainer, in a second browser context, reaches « Corrections à faire » from her profile, opens the
  learner's answer and grades it with the rubric (top level of each criterion);
- the learner's result turns « réussie »; the course page says « Formation terminée » and « Mon parcours »
  lists the course among « Formations terminées » with its attestation, and her badge;
- « Mes badges » shows the « Parcours terminé » Open Badge, issued (database: ``CourseCompletion``,
  ``Attestation``, ``Assertion``);
- her VAE portfolio collects the completion, the passed assessment and the badge as evidence, and the PDF
  export downloads as a real PDF; her learning records download as xAPI JSON holding the completion.
"""

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from assessments.models import Answer, AssessmentPage, Attempt, AttemptStatus, Question
from assessments.selectors import required_assessment_ids
from courses.models import CoursePage
from lms.accounts.models import User
from lms.badges.demo import COURSE_BADGE_NAME
from lms.badges.models import Assertion, AssertionStatus, BadgeClass
from lms.core.demo import DEMO_PASSWORD
from lms.frameworks.models import Framework
from lms.learning.models import Attestation, CourseCompletion, Enrolment, LessonCompletion
from lms.learning.selectors.progress import course_lessons_with_rules
from lms.portfolio.models import EvidenceSource, ExportStatus, Portfolio, PortfolioExport
from tests.learning_tests.test_demo_journey import (
    LEARNER_EMAIL,
    OPEN_RESPONSE_TEXT,
    TRAINER_EMAIL,
    statement_objects,
)

from .pages import SitePage, messages, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# A demo course of the trainer's organisation that the demo cohort does not enrol anyone in, and that
# asks for no live session: lessons and the assessment (one open answer, graded by a trainer) complete it.
COURSE_SLUG = "diversite-des-publics"
PORTFOLIO_FRAMEWORK = "REMN-2019"
TRAINER_FEEDBACK = "Déroulé bien différencié : chaque participant garde la main."
SAVED = "Réponse enregistrée"


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)
    course = CoursePage.objects.get(slug=COURSE_SLUG)
    [assessment_id] = required_assessment_ids(course_id=course.pk)
    return {
        "course": course,
        "assessment": AssessmentPage.objects.get(pk=assessment_id),
        "learner": User.objects.get(email=LEARNER_EMAIL),
        "trainer": User.objects.get(email=TRAINER_EMAIL),
    }


# --- Page objects of the learner's screens (kept here: pages.py belongs to the whole suite) ------------


def from_profile(page: Page, link: str) -> None:
    """Reach one of the person's spaces as they would: « Mon profil », then the link listed there."""
    with page.expect_navigation():
        page.get_by_role("link", name="Mon profil").click()
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name=link, exact=True).click()


class CourseScreen(SitePage):
    def actions(self):
        return self.page.locator("section.learning-actions")

    def enrol(self):
        with self.page.expect_navigation():
            self.actions().get_by_role("button", name="S'inscrire à cette formation").click()
        return self

    def start(self):
        with self.page.expect_navigation():
            self.actions().get_by_role("link", name="Commencer").click()
        return LessonScreen(self.page)


class LessonScreen(SitePage):
    def mark_done(self):
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="J'ai terminé cette leçon").click()
        return self


class QuizScreen(SitePage):
    """The assessment page with an attempt in progress: one ``li.question`` per question."""

    def start(self):
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Commencer l'évaluation").click()
        return self

    def block(self, question: Question):
        return self.page.locator(f"#question-{question.pk}")

    def _saved(self, question: Question) -> None:
        expect(self.block(question).locator("[data-question-status]")).to_contain_text(SAVED)

    def answer(self, question: Question) -> None:
        """Give the right answer with the control a person uses; wait until the script saved it."""
        block, config = self.block(question), question.config
        match question.kind:
            case "single_choice":
                right = next(choice for choice in config["choices"] if choice["correct"])
                block.get_by_label(right["text"], exact=True).check()
            case "multiple_choice":
                for choice in config["choices"]:
                    if choice["correct"]:
                        block.get_by_label(choice["text"], exact=True).check()
                        self._saved(question)
            case "true_false":
                block.get_by_label("Vrai" if config["answer"] else "Faux", exact=True).check()
            case "short_answer":
                field = block.get_by_label("Votre réponse", exact=True)
                field.fill(config["accepted"][0])
                field.press("Tab")
            case "numeric":
                field = block.get_by_label("Votre réponse (un nombre)", exact=False)
                field.fill(str(config["answer"]).replace(".", ","))
                field.press("Tab")
            case "ordering":
                for position, item in enumerate(config["items"], start=1):
                    block.get_by_label(item["text"], exact=True).select_option(str(position))
                    self._saved(question)
            case "matching":
                for pair in config["pairs"]:
                    block.get_by_label(pair["left"], exact=True).select_option(label=pair["right"])
                    self._saved(question)
            case "open_response":
                field = block.get_by_label("Votre réponse rédigée")
                field.fill(OPEN_RESPONSE_TEXT)
                field.press("Tab")
            case _:
                pytest.fail(f"the demo assessment has a question type this test does not answer: {question.kind}")
        self._saved(question)

    def submit(self):
        self.page.once("dialog", lambda dialog: dialog.accept())
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Terminer et envoyer").click()
        return self

    def outcome(self) -> str:
        return self.page.locator(".result-summary .outcome").inner_text()


class GradingScreen(SitePage):
    def grade(self, learner_name: str, rubric: dict, feedback: str):
        row = self.page.locator("tbody tr").filter(has=self.page.get_by_role("rowheader", name=learner_name))
        expect(row).to_have_count(1)
        with self.page.expect_navigation():
            row.get_by_role("link", name="Corriger").click()
        assert self.heading() == "Corriger une réponse"
        for criterion in rubric["criteria"]:
            best = max(criterion["levels"], key=lambda level: level["points"])
            fieldset = self.page.locator("fieldset.rubric-criterion").filter(
                has=self.page.locator("legend", has_text=criterion["title"])
            )
            fieldset.get_by_label(best["label"], exact=False).check()
        self.page.get_by_label("Commentaire pour l'apprenant·e").fill(feedback)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Enregistrer la note").click()
        return self


class PortfolioScreen(SitePage):
    def open_portfolio(self, title: str):
        with self.page.expect_navigation():
            self.page.locator("main").get_by_role("link", name=title).click()
        return self

    def collect(self):
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Mettre à jour mes preuves").click()
        return self

    def evidence_titles(self) -> list[str]:
        section = self.page.locator("section", has=self.page.locator("#all-evidence"))
        return [title.strip() for title in section.locator(".portfolio-evidence__title").all_inner_texts()]

    def export_pdf(self):
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Exporter en PDF").click()
        return self

    def download_pdf(self) -> bytes:
        link = self.page.get_by_role("link", name="Télécharger le PDF")
        # The export runs on commit (Celery eager); the page's script reloads it when it is finished.
        link.wait_for(timeout=30_000)
        with self.page.expect_download() as info:
            link.click()
        return Path(info.value.path()).read_bytes()


def download(page: Page, link_name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    return Path(info.value.path()).read_bytes()


# --- The journey ---------------------------------------------------------------------------------------


def test_learner_enrols_learns_passes_gets_badge_and_exports(new_page, demo):
    course, assessment = demo["course"], demo["assessment"]
    learner, trainer = demo["learner"], demo["trainer"]
    lessons = course_lessons_with_rules(course=course)
    assert len(lessons) >= 2 and all(lesson.required_for_completion for lesson in lessons)
    badge_class = BadgeClass.objects.get(name=(COURSE_BADGE_NAME % {"title": course.title})[:200])
    assert not Enrolment.objects.filter(user=learner, course=course).exists()
    assert not Assertion.objects.filter(recipient=learner, badge_class=badge_class).exists()
    learner_name = learner.get_full_name()
    assert learner_name == "Camille Martin"

    # 1. Sign in, find the course in the catalogue, enrol.
    page = new_page()
    sign_in(page, LEARNER_EMAIL, DEMO_PASSWORD)
    SitePage(page).open("/formations/")
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name=course.title).first.click()
    screen = CourseScreen(page)
    assert screen.heading() == course.title
    assert page.url.endswith(course.url)
    screen.enrol()
    assert page.url.endswith(course.url)
    assert f"Vous êtes inscrit·e à « {course.title} »" in messages(page)
    expect(screen.actions()).to_contain_text(re.compile(rf"0 leçons? exigées? terminées? sur {len(lessons)}"))
    expect(screen.actions()).to_contain_text("Évaluations réussies : 0 sur 1")
    assert Enrolment.objects.filter(user=learner, course=course).count() == 1

    # 2. Read each lesson and mark it done: each click leads to the next lesson, the last to the course.
    lesson_screen = screen.start()
    for index, lesson in enumerate(lessons):
        assert page.url.endswith(lesson.url), (page.url, lesson.url)
        assert lesson_screen.heading() == lesson.title
        expect(page.locator("#lesson-progress-label")).to_have_text(
            re.compile(rf"^{index} leçons? terminées? sur {len(lessons)}$")
        )
        lesson_screen.mark_done()
        assert f"Leçon « {lesson.title} » terminée." in messages(page)
    assert page.url.endswith(course.url), "after the last lesson, the course page"
    expect(screen.actions()).to_contain_text(f"{len(lessons)} leçons exigées terminées sur {len(lessons)}")
    assert LessonCompletion.objects.filter(user=learner, course=course).count() == len(lessons)
    assert not CourseCompletion.objects.filter(user=learner, course=course).exists()

    # 3. Take the assessment, reached from the course page's « Évaluation » section.
    with page.expect_navigation():
        page.locator("section.course-assessments").get_by_role("link", name=assessment.title).click()
    assert page.url.endswith(assessment.url)
    quiz = QuizScreen(page)
    assert quiz.heading() == assessment.title
    quiz.start()
    attempt = Attempt.objects.get(user=learner, assessment=assessment)
    assert attempt.status == AttemptStatus.IN_PROGRESS
    questions = Question.objects.in_bulk(attempt.question_ids)
    expect(page.locator("li.question")).to_have_count(len(attempt.question_ids))
    for question_id in attempt.question_ids:
        quiz.answer(questions[question_id])
    # Every answer was stored by the script before the form is sent.
    assert Answer.objects.filter(attempt=attempt).count() == len(questions)
    quiz.submit()
    assert page.url.endswith(f"/evaluations/tentative/{attempt.pk}/resultats/")
    assert quiz.heading() == "Résultats de la tentative 1"
    assert quiz.outcome() == "en attente"
    expect(page.locator(".result-summary")).to_contain_text("attend la correction d'un formateur")
    attempt.refresh_from_db()
    assert (attempt.status, attempt.passed) == (AttemptStatus.SUBMITTED, None)
    auto = [question for question in questions.values() if not question.question_type.manual]
    assert Answer.objects.filter(attempt=attempt, question__in=auto, correct=True).count() == len(auto)
    [pending] = Answer.objects.filter(attempt=attempt, needs_grading=True).select_related("question")
    assert not CourseCompletion.objects.filter(user=learner, course=course).exists()

    # 4. The trainer grades the open answer in her own browser context.
    trainer_page = new_page()
    sign_in(trainer_page, TRAINER_EMAIL, DEMO_PASSWORD)
    from_profile(trainer_page, "Corrections à faire")
    grading = GradingScreen(trainer_page)
    assert grading.heading() == "Corrections à faire"
    grading.grade(learner_name, pending.question.config["rubric"], TRAINER_FEEDBACK)
    assert trainer_page.url.endswith("/evaluations/correction/")
    assert "La note est enregistrée." in messages(trainer_page)
    expect(trainer_page.locator("#recent-title")).to_be_visible()
    pending.refresh_from_db()
    assert (pending.needs_grading, pending.graded_by_id, pending.feedback) == (False, trainer.pk, TRAINER_FEEDBACK)
    attempt.refresh_from_db()
    assert (attempt.status, attempt.passed) == (AttemptStatus.GRADED, True)
    assert attempt.score == attempt.max_score
    assert attempt.score * 100 >= Decimal(assessment.pass_mark) * attempt.max_score

    # 5. The learner sees her result, then the course completed.
    page.reload()
    assert quiz.outcome() == "réussie"
    expect(page.locator(".result-summary")).to_contain_text(f"Seuil de réussite : {assessment.pass_mark} %")
    completion = CourseCompletion.objects.get(user=learner, course=course)
    attestation = Attestation.objects.get(completion=completion)
    CourseScreen(page).open(course.url)
    expect(screen.actions()).to_contain_text("Formation terminée le")
    expect(screen.actions().get_by_role("link", name="Télécharger l'attestation (PDF)")).to_have_attribute(
        "href", f"/attestations/{attestation.public_id}/pdf/"
    )

    # 6. « Mon parcours »: the course among the finished ones, with its attestation, and the badge.
    with page.expect_navigation():
        page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Mon parcours").click()
    assert page.url.endswith("/mon-parcours/")
    completed = page.locator("section", has=page.locator("#completed-title"))
    expect(completed).to_contain_text(course.title)
    expect(completed).not_to_contain_text("Aucune formation terminée pour l'instant.")
    expect(completed.get_by_role("link", name=f"Attestation (PDF) — {course.title}")).to_have_count(1)
    in_progress = page.locator("section", has=page.locator("#in-progress-title"))
    expect(in_progress.get_by_role("link", name=course.title, exact=True)).to_have_count(0)
    attestation_pdf = download(page, f"Attestation (PDF) — {course.title}")
    assert attestation_pdf.startswith(b"%PDF")
    [award] = Assertion.objects.filter(recipient=learner, badge_class=badge_class)
    assert award.status == AssertionStatus.ISSUED, award.error
    assert award.recipient_email == LEARNER_EMAIL and award.credential
    badges = page.locator("section", has=page.locator("#badges-title"))
    expect(badges.get_by_role("link", name=badge_class.name)).to_have_attribute("href", award.get_absolute_url())

    # 7. « Mes badges »: the Open Badge card, issued, with its public page.
    from_profile(page, "Mes badges")
    assert page.url.endswith("/badges/mes-badges/")
    card = page.locator(".badge-card").filter(has=page.get_by_role("heading", name=badge_class.name))
    expect(card).to_have_count(1)
    expect(card.get_by_role("img")).to_have_attribute("alt", badge_class.image_alt)
    expect(card).to_contain_text(f"Délivré par {award.issuer.name}")
    with page.expect_navigation():
        card.get_by_role("link", name=badge_class.name).click()
    assert page.url.endswith(award.get_absolute_url())
    expect(page.locator("main")).to_contain_text(f"Délivré à {learner_name}")

    # 8. The VAE portfolio collects the new records as evidence, and exports as a PDF.
    framework = Framework.objects.get(code=PORTFOLIO_FRAMEWORK)
    portfolio = Portfolio.objects.get(user=learner, framework=framework)
    from_profile(page, "Mon portfolio")
    portfolio_screen = PortfolioScreen(page).open_portfolio(framework.title)
    assert page.url.endswith(f"/portfolio/{portfolio.pk}/")
    # The completion, the graded attempt and the badge each queued a collection on commit: already there.
    titles = portfolio_screen.evidence_titles()
    assert course.title in titles, titles
    assert badge_class.name in titles, titles
    assert assessment.title in titles, titles
    collected = set(portfolio.evidence_items.values_list("source_type", "source_id"))
    assert {
        (EvidenceSource.COURSE_COMPLETION, str(completion.pk)),
        (EvidenceSource.ASSESSMENT, str(attempt.pk)),
        (EvidenceSource.BADGE, str(award.uuid)),
    } <= collected
    # « Mettre à jour mes preuves » finds nothing new and duplicates nothing.
    portfolio_screen.collect()
    assert "Aucune nouvelle preuve : votre portfolio est à jour." in messages(page)
    assert sorted(portfolio_screen.evidence_titles()) == sorted(titles)
    assert portfolio.evidence_items.count() == len(titles)
    portfolio_screen.export_pdf()
    export = PortfolioExport.objects.filter(portfolio=portfolio).latest("created_at")
    assert page.url.endswith(f"/portfolio/{portfolio.pk}/export/{export.public_id}/")
    pdf = portfolio_screen.download_pdf()
    assert pdf.startswith(b"%PDF")
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE, export.error
    assert export.size == len(pdf)

    # 9. Her learning records, as xAPI JSON: the lessons, the assessment and the course are in.
    from_profile(page, "Mes traces d'apprentissage")
    statements = json.loads(download(page, "Déclarations xAPI (JSON, pour un autre outil)"))

    assert any(url.endswith(course.url) for url in statement_objects(statements, "completed", "course"))
    assert any(url.endswith(assessment.url) for url in statement_objects(statements, "passed", "assessment"))
    completed_lessons = statement_objects(statements, "completed", "lesson")
    assert all(any(url.endswith(lesson.url) for url in completed_lessons) for lesson in lessons)
