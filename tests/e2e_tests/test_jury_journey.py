"""The jury's side of the VAE portfolio, in a real browser (Debian's Chromium driven by Playwright).

What the journey proves, step by step, through the pages a person uses:

- the learner shares her signed portfolio with a jury member from « Partager avec le jury » and asks
  for the PDF (rendered for real by xhtml2pdf, Celery being eager in the tests);
- the jury member signs in, reaches « Espace jury » from the profile, finds the candidate there, opens
  the shared portfolio and reads it (practice example, evidence, honour statement);
- they comment on a practice example, record an opinion with a comment on a competency and an overall
  appreciation; each is shown back on the page, and hidden from the learner until the jury releases it;
- they download the portfolio PDF: real PDF bytes holding the learner's name and the example's title
  (``pdftotext``), and every access appears in the learner's access log;
- hostile comments (inline handlers, ``<script>``, a ``javascript:`` link) run nothing, neither for the
  jury member nor for the learner once released, and read as text;
- a jury member without a share sees no portfolio in their space and gets 404 for the share's pages
  (its PDF and its comment form included); the named jury member gets 403 once a share has expired.
"""

import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from lms.accounts.roles import SiteRole
from lms.accounts.services import user_create
from lms.portfolio.models import (
    AccessKind,
    ExportStatus,
    JuryComment,
    JuryOpinion,
    JuryOpinionValue,
    PortfolioAccessLog,
    PortfolioShare,
)
from tests.accounts_tests.factories import PASSWORD

from .pages import ScriptGuard, SitePage, messages, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PDFTOTEXT = Path("/usr/bin/pdftotext")

EXAMPLE_COMMENT = "Exemple précis et bien situé : précisez comment vous avez évalué les acquis."
COMPETENCY_COMMENT = "Compétence étayée par la fiche action."
OVERALL_NOTES = "Dossier solide ; l'entretien portera sur l'accompagnement individuel."

IMG = '<img src=x onerror="window.__xss=1;alert(1)">'
SCRIPT = "<script>window.__xss=3;alert(3)</script>"
JS_LINK = '<a id="piege" href="javascript:window.__xss=4;alert(4)">Cliquez ici</a>'
HOSTILE_COMMENT = f"Avis piégé {IMG} {SCRIPT} {JS_LINK}"
HOSTILE_NOTES = f"Appréciation piégée {SCRIPT}{IMG}"


def _jury_person(slug: str, first_name: str):
    return user_create(
        email=f"{slug}@tremplin.test",
        password=PASSWORD,
        first_name=first_name,
        last_name="Jurée",
        departement="59",
        role=SiteRole.JURY,
    )


@pytest.fixture
def new_jury(world):
    """A jury member with no share yet (the learner shares with her through the UI)."""
    return _jury_person("bernadette-jury", "Bernadette")


@pytest.fixture
def stranger_jury(world):
    """A jury member nobody shared anything with."""
    return _jury_person("josiane-jury", "Josiane")


# --- Page objects of the portfolio screens (kept here: pages.py belongs to the whole suite) ---------


class LearnerPortfolioPage(SitePage):
    """The learner's own portfolio and its sharing, export and feedback pages."""

    def __init__(self, page: Page, portfolio):
        super().__init__(page)
        self.portfolio = portfolio
        self.path = f"/portfolio/{portfolio.pk}/"

    def open_detail(self):
        return self.open(self.path)

    def share_with(self, email: str, expires_on):
        self.open_detail()
        with self.page.expect_navigation():
            self.page.get_by_role("link", name="Partager avec le jury").click()
        self.page.get_by_label("Adresse e-mail du membre du jury").fill(email)
        self.page.get_by_label("Accès jusqu'au (inclus)").fill(expires_on.isoformat())
        with self.page.expect_navigation():
            self.page.locator("main form").get_by_role("button", name="Partager", exact=True).click()
        return self

    def share_rows(self) -> list[str]:
        return self.page.locator("table").first.locator("tbody tr").all_inner_texts()

    def access_log_rows(self) -> list[str]:
        self.open(f"{self.path}partages/")
        return self.page.locator("table").nth(1).locator("tbody tr").all_inner_texts()

    def export_pdf(self):
        self.open_detail()
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Exporter en PDF").click()
        return self

    def open_feedback(self):
        return self.open(f"{self.path}avis-du-jury/")


class JurySpacePage(SitePage):
    PATH = "/portfolio/jury/"

    def reach_from_profile(self):
        """From the profile page (where the login lands), follow « Espace jury »."""
        assert "/compte/profil/" in self.page.url, self.page.url
        with self.page.expect_navigation():
            self.page.get_by_role("link", name="Espace jury").click()
        assert self.page.url.endswith(self.PATH)
        return self

    def cards(self) -> list[str]:
        return self.page.locator("main .card").all_inner_texts()

    def open_portfolio_of(self, name: str) -> "JuryPortfolioPage":
        with self.page.expect_navigation():
            self.page.locator("main .card").get_by_role("link", name=name).click()
        return JuryPortfolioPage(self.page)


class JuryPortfolioPage(SitePage):
    """A portfolio as the jury member reads it, with their comment, opinion and notes forms."""

    def example(self, title: str):
        return self.page.locator("article.portfolio-example-card").filter(
            has=self.page.get_by_role("heading", name=title, exact=True)
        )

    def comment_example(self, title: str, body: str):
        self.page.get_by_label(f"Commentaire sur « {title} »").fill(body)
        with self.page.expect_navigation():
            self.example(title).get_by_role("button", name="Ajouter le commentaire").click()
        return self

    def example_comments(self, title: str) -> list[str]:
        return self.example(title).locator(".portfolio-comments li").all_inner_texts()

    def competency_form(self, code: str):
        return self.page.locator("form.portfolio-opinion").filter(has=self.page.locator("legend", has_text=f"{code} —"))

    def give_opinion(self, code: str, value_label: str, comment: str = ""):
        form = self.competency_form(code)
        form.get_by_label(value_label, exact=True).check()
        if comment:
            form.get_by_label("Commentaire (facultatif)").fill(comment)
        with self.page.expect_navigation():
            form.get_by_role("button", name=f"Enregistrer l'avis sur {code}").click()
        return self

    def checked_opinion(self, code: str) -> str:
        checked = self.competency_form(code).locator("input[type=radio]:checked")
        return checked.get_attribute("value") if checked.count() else ""

    def competency_comments(self, code: str) -> list[str]:
        return self.competency_form(code).locator(".portfolio-comments li").all_inner_texts()

    def save_notes(self, notes: str):
        section = self.page.locator("section[aria-labelledby=jury-notes]")
        section.get_by_label("Appréciation générale").fill(notes)
        with self.page.expect_navigation():
            section.get_by_role("button", name="Enregistrer", exact=True).click()
        return self

    def notes(self) -> str:
        return (
            self.page.locator("section[aria-labelledby=jury-notes]").get_by_label("Appréciation générale").input_value()
        )

    def release(self):
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Communiquer mes avis à la personne candidate").click()
        return self

    def download_pdf(self) -> bytes:
        with self.page.expect_download() as info:
            self.page.get_by_role("link", name="Télécharger le PDF du portfolio").click()
        download = info.value
        assert download.failure() is None, download.failure()
        assert download.suggested_filename == "portfolio-vae.pdf"
        return Path(download.path()).read_bytes()


def pdf_text(pdf: bytes) -> str:
    assert PDFTOTEXT.exists(), f"{PDFTOTEXT} is missing (apt-get install poppler-utils)"
    result = subprocess.run([str(PDFTOTEXT), "-", "-"], input=pdf, capture_output=True, check=True)  # noqa: S603
    return " ".join(result.stdout.decode().split())


# --- The journeys ---------------------------------------------------------------------------------


class TestJuryJourney:
    def test_shared_portfolio_is_read_commented_judged_and_downloaded(self, new_page, world, new_jury):
        learner = world.users["learner_a"]
        portfolio = world.extra["portfolio_a"]
        example = world.extra["example_a"]
        learner_name = learner.get_full_name()
        competency = world.framework["CP1"]

        # 1. The learner shares her (signed) portfolio with the jury member, then asks for the PDF.
        learner_page = new_page()
        sign_in(learner_page, learner.email, PASSWORD)
        mine = LearnerPortfolioPage(learner_page, portfolio)
        expires_on = timezone.localdate() + timedelta(days=20)
        mine.share_with(new_jury.email, expires_on)
        assert "Portfolio partagé avec Bernadette Jurée." in messages(learner_page)
        assert any("Bernadette Jurée" in row and "actif" in row for row in mine.share_rows()), mine.share_rows()
        share = PortfolioShare.objects.get(portfolio=portfolio, jury_member=new_jury)
        assert (share.created_by_id, share.revoked_at) == (learner.pk, None)
        assert timezone.localdate(share.expires_at) == expires_on

        mine.export_pdf()
        assert "Télécharger le PDF" in learner_page.locator("main").inner_text(), "the PDF was not produced"
        latest = portfolio.exports.order_by("-finished_at", "-pk").first()
        assert latest.status == ExportStatus.DONE, latest.error

        # 2. The jury member signs in and reaches their space from the profile.
        jury_page = new_page()
        sign_in(jury_page, new_jury.email, PASSWORD)
        space = JurySpacePage(jury_page).reach_from_profile()
        assert space.heading() == "Portfolios partagés avec moi"
        cards = space.cards()
        assert len(cards) == 1, cards
        assert learner_name in cards[0] and world.framework["framework"].code in cards[0]

        # 3. They open the portfolio and read it.
        reading = space.open_portfolio_of(learner_name)
        assert jury_page.url.endswith(f"/portfolio/jury/{share.token}/")
        assert reading.heading() == f"Portfolio de {learner_name}"
        main = jury_page.locator("main")
        assert "Déclaration sur l'honneur signée le" in main.inner_text()
        assert "Vos avis ne sont pas encore communiqués" in main.inner_text()
        assert reading.example(example.title).count() == 1
        assert "Centre social Les Tilleuls" in reading.example(example.title).inner_text()
        evidence = jury_page.locator("section[aria-labelledby=jury-evidence]")
        assert "Fiche action" in evidence.inner_text()
        assert PortfolioAccessLog.objects.filter(share=share, user=new_jury, what=AccessKind.VIEW).exists()

        # 4. A comment on the practice example, shown back under it.
        reading.comment_example(example.title, EXAMPLE_COMMENT)
        assert "Commentaire enregistré." in messages(jury_page)
        assert any(EXAMPLE_COMMENT in text for text in reading.example_comments(example.title))

        # 5. An opinion with a comment on a competency, and the overall appreciation.
        reading.give_opinion(competency.code, "acquis", COMPETENCY_COMMENT)
        assert f"Avis enregistré pour {competency.code}." in messages(jury_page)
        assert reading.checked_opinion(competency.code) == JuryOpinionValue.ACQUIRED
        assert reading.competency_comments(competency.code) == [COMPETENCY_COMMENT]
        reading.save_notes(OVERALL_NOTES)
        assert "Appréciation générale enregistrée." in messages(jury_page)
        assert reading.notes() == OVERALL_NOTES

        opinion = JuryOpinion.objects.get(share=share, competency=competency)
        assert opinion.value == JuryOpinionValue.ACQUIRED
        comments = JuryComment.objects.filter(share=share, author=new_jury)
        assert comments.filter(example=example, body=EXAMPLE_COMMENT).exists()
        assert comments.filter(competency=competency, body=COMPETENCY_COMMENT).exists()

        # 6. Hidden from the learner until the jury member releases it, then shown.
        feedback = mine.open_feedback().page.locator("main").inner_text()
        assert EXAMPLE_COMMENT not in feedback and OVERALL_NOTES not in feedback
        assert "Aucun avis communiqué pour le moment" in feedback
        reading.release()
        assert "Vos avis sont désormais visibles par la personne candidate." in messages(jury_page)
        assert "Vos avis sont communiqués à la personne candidate depuis le" in jury_page.locator("main").inner_text()
        assert jury_page.get_by_role("button", name="Communiquer mes avis à la personne candidate").count() == 0
        feedback = mine.open_feedback().page.locator("main").inner_text()
        for text in (EXAMPLE_COMMENT, COMPETENCY_COMMENT, OVERALL_NOTES, "Bernadette Jurée, avis communiqués le"):
            assert text in feedback, text

        # 7. The jury member downloads the PDF: the learner's latest, with her name and her example.
        pdf = reading.download_pdf()
        assert pdf.startswith(b"%PDF")
        text = pdf_text(pdf)
        assert learner_name in text
        assert " ".join(example.title.split()) in text
        assert PortfolioAccessLog.objects.filter(
            share=share, user=new_jury, what=AccessKind.PDF, target=latest.public_id
        ).exists()

        # 8. The learner sees each access of the jury member in her log.
        log = mine.access_log_rows()
        assert sum("Bernadette Jurée" in row for row in log) >= 2, log


class TestHostileJuryComments:
    def test_hostile_comments_run_nothing_for_the_jury_nor_the_learner(self, new_page, world):
        jury, learner = world.users["jury"], world.users["learner_a"]
        share, example = world.extra["share_a"], world.extra["example_a"]
        competency = world.framework["CP1"]
        jury_url = f"/portfolio/jury/{share.token}/"

        jury_page = new_page()
        jury_guard = ScriptGuard(jury_page)
        sign_in(jury_page, jury.email, PASSWORD)
        reading = JuryPortfolioPage(jury_page).open(jury_url)
        reading.comment_example(example.title, HOSTILE_COMMENT)
        reading.give_opinion(competency.code, "à approfondir", HOSTILE_COMMENT)
        reading.save_notes(HOSTILE_NOTES)
        stored = JuryComment.objects.filter(share=share, author=jury)
        assert set(stored.values_list("body", flat=True)) == {HOSTILE_COMMENT}
        assert stored.count() == 2

        # Reload the jury view: the payloads are text, not markup, and nothing ran.
        reading.open(jury_url)
        jury_page.wait_for_load_state("load")
        jury_guard.assert_nothing_ran("jury view")
        shown = reading.example_comments(example.title)
        assert len(shown) == 1 and shown[0].startswith(HOSTILE_COMMENT), shown
        assert reading.competency_comments(competency.code) == [HOSTILE_COMMENT]
        assert reading.notes() == HOSTILE_NOTES
        main = jury_page.locator("main")
        assert main.locator("#piege").count() == 0, "the javascript: link became a real link"
        assert main.locator('a[href^="javascript:"]').count() == 0
        assert main.locator(".portfolio-comments img, .portfolio-comments script").count() == 0
        jury_page.get_by_text("Cliquez ici").first.click()
        jury_page.wait_for_timeout(300)
        jury_guard.assert_nothing_ran("jury view, after a click on the link text")
        reading.release()
        jury_guard.assert_nothing_ran("jury view, after release")

        # The learner reads the released feedback: text again, nothing ran.
        learner_page = new_page()
        learner_guard = ScriptGuard(learner_page)
        sign_in(learner_page, learner.email, PASSWORD)
        feedback = LearnerPortfolioPage(learner_page, world.extra["portfolio_a"]).open_feedback()
        learner_page.wait_for_load_state("load")
        learner_guard.assert_nothing_ran("learner feedback")
        text = feedback.page.locator("main").inner_text()
        assert text.count(HOSTILE_COMMENT) == 2, text
        assert HOSTILE_NOTES in text
        main = learner_page.locator("main")
        assert main.locator("#piege").count() == 0
        assert main.locator('a[href^="javascript:"]').count() == 0
        assert main.locator("section img, section script").count() == 0
        learner_page.get_by_text("Cliquez ici").first.click()
        learner_page.wait_for_timeout(300)
        learner_guard.assert_nothing_ran("learner feedback, after a click on the link text")


class TestJuryWithoutShare:
    def test_a_jury_member_without_a_share_sees_nothing_and_gets_404(self, new_page, world, stranger_jury):
        share = world.extra["share_a"]
        jury_url = f"/portfolio/jury/{share.token}/"
        comments_before = JuryComment.objects.count()

        page = new_page()
        sign_in(page, stranger_jury.email, PASSWORD)
        space = JurySpacePage(page).reach_from_profile()
        assert space.cards() == []
        assert "Aucun portfolio ne vous est partagé en ce moment." in page.locator("main").inner_text()
        assert page.locator(f'a[href*="{share.token}"]').count() == 0

        for url in (jury_url, f"{jury_url}pdf/", f"{jury_url}preuves/{world.extra['evidence_a'].pk}/fichier/"):
            response = page.goto(url)
            assert response is not None and response.status == 404, f"{url}: HTTP {response.status}"
            assert world.users["learner_a"].get_full_name() not in page.content()
            assert "%PDF" not in response.text()

        # A forged comment, with a valid CSRF token from their own session, is refused as well.
        page.goto(JurySpacePage.PATH)
        csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
        response = page.request.post(
            f"{jury_url}exemples/{world.extra['example_a'].pk}/commentaire/",
            form={"body": "Commentaire d'une personne sans partage."},
            headers={"X-CSRFToken": csrf, "Referer": page.url},
        )
        assert response.status == 404
        assert JuryComment.objects.count() == comments_before
        assert not PortfolioAccessLog.objects.filter(user=stranger_jury).exists()

    def test_the_named_jury_member_gets_403_once_the_share_expired(self, new_page, world):
        jury, expired = world.users["jury"], world.extra["share_b_expired"]
        page = new_page()
        sign_in(page, jury.email, PASSWORD)
        space = JurySpacePage(page).reach_from_profile()
        cards = space.cards()
        # Only learner_a's live share is listed; learner_b's expired one is not.
        assert len(cards) == 1 and world.users["learner_a"].get_full_name() in cards[0], cards
        assert page.locator(f'a[href*="{expired.token}"]').count() == 0
        response = page.goto(f"/portfolio/jury/{expired.token}/")
        assert response is not None and response.status == 403
        assert "Ce partage a expiré ou a été révoqué" in page.locator("[role=alert]").inner_text()
        assert world.users["learner_b"].get_full_name() not in page.locator("main").inner_text()
