"""The VAE portfolio journey, end to end, on the demo data (``load_demo``) and over HTTP.

Done when: the demo learner builds a portfolio for REMN-2019 from its records, writes two practice
examples, uploads a workshop plan, shares it with the demo jury member; the jury member comments,
records opinions and downloads the PDF.

``load_demo`` already gives the learner a ready-made REMN-2019 portfolio (for ``make run``). The test
checks it is there and that a second one is refused, then removes it and lets the learner build it
again, step by step, through the pages a person would use.
"""

import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from assessments.models import Answer, Attempt
from lms.accounts.models import User
from lms.badges.selectors import badges_for_user
from lms.frameworks.models import Block, Competency, Framework
from lms.learning.models import CourseCompletion, LiveSessionRegistration
from lms.portfolio.models import (
    AccessKind,
    EvidenceItem,
    EvidenceSource,
    ExportStatus,
    JuryComment,
    JuryOpinion,
    JuryOpinionValue,
    Portfolio,
    PortfolioAccessLog,
    PortfolioShare,
    PracticeExample,
)
from tests.learning_tests.test_demo_journey import log_in

from .builders import make_pdf

LEARNER_EMAIL = "apprenant@tremplin.demo"
OTHER_LEARNER_EMAIL = "apprenante2@tremplin.demo"
JURY_EMAIL = "jury@tremplin.demo"
TRAINER_EMAIL = "formatrice@tremplin.demo"
FRAMEWORK_CODE = "REMN-2019"
PDFTOTEXT = "/usr/bin/pdftotext"

EXAMPLES = [
    {
        "title": "Atelier « Sécuriser sa messagerie » à la médiathèque",
        "tasks": (
            "J'ai préparé et animé un atelier de deux heures pour six personnes qui recevaient des "
            "courriels frauduleux.\n\nChaque participant·e a vérifié ses propres réglages, guidé·e pas à pas."
        ),
        "means": "Ordinateurs de l'espace numérique, un vidéoprojecteur, une fiche mémo en FALC.",
        "collaborators": "La bibliothécaire référente du secteur adultes.",
        "context_structure": "Médiathèque du quartier",
        "context_service": "Espace public numérique",
        "context_period": "Mars 2026, deux séances",
        "extra": "Cinq personnes sur six ont activé la double authentification.",
    },
    {
        "title": "Diagnostic des besoins numériques d'un accueil de mairie",
        "tasks": (
            "J'ai observé l'accueil pendant une semaine, relevé les démarches les plus demandées et "
            "proposé à l'équipe un parcours d'orientation vers les bons interlocuteurs."
        ),
        "means": "Une grille d'observation, un questionnaire court, un tableau de synthèse.",
        "collaborators": "La responsable de l'accueil et deux agent·es d'accueil.",
        "context_structure": "Mairie annexe",
        "context_service": "Accueil des usagers",
        "context_period": "Avril 2026, une semaine",
        "extra": "",
    },
]
PLAN_TITLE = "Plan d'atelier « Démarches en ligne » (4 séances)"
EXAMPLE_COMMENT = "Exemple précis et bien situé : précisez comment vous avez évalué les acquis."
COMPETENCY_COMMENT = "Compétence étayée par l'atelier et l'évaluation réussie."
OVERALL_NOTES = "Dossier solide ; l'entretien portera sur l'accompagnement individuel."


def records_of(learner: User) -> set[tuple[str, str]]:
    """Return the (source type, source id) of every learning record that is evidence, read from the records."""
    return (
        {
            (EvidenceSource.COURSE_COMPLETION, str(pk))
            for pk in CourseCompletion.objects.filter(user=learner).values_list("pk", flat=True)
        }
        | {
            (EvidenceSource.ASSESSMENT, str(pk))
            for pk in Attempt.objects.filter(user=learner, passed=True).values_list("pk", flat=True)
        }
        | {
            (EvidenceSource.ASSIGNMENT, str(pk))
            for pk in Answer.objects.filter(
                attempt__user=learner, graded_at__isnull=False, rubric_levels__isnull=False
            ).values_list("pk", flat=True)
        }
        | {
            (EvidenceSource.LIVE_SESSION, str(pk))
            for pk in LiveSessionRegistration.objects.filter(user=learner, attended=True).values_list("pk", flat=True)
        }
        | {(EvidenceSource.BADGE, str(assertion.uuid)) for assertion in badges_for_user(user=learner)}
    )


def collected(portfolio: Portfolio) -> set[tuple[str, str]]:
    return set(
        portfolio.evidence_items.exclude(source_type=EvidenceSource.UPLOAD).values_list("source_type", "source_id")
    )


def download(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.django_db
def test_demo_portfolio_journey_over_http(django_capture_on_commit_callbacks, private_media):
    call_command("load_demo", verbosity=0)
    learner = User.objects.get(email=LEARNER_EMAIL)
    other = User.objects.get(email=OTHER_LEARNER_EMAIL)
    jury = User.objects.get(email=JURY_EMAIL)
    framework = Framework.objects.get(code=FRAMEWORK_CODE)
    learner_client = log_in(LEARNER_EMAIL)

    # 0. The demo's ready-made portfolio is listed, and a second one for the same title is refused.
    response = learner_client.get("/portfolio/")
    assert response.status_code == 200
    assert FRAMEWORK_CODE in response.content.decode()
    response = learner_client.post("/portfolio/", {"framework": framework.pk})
    assert response.status_code == 400
    assert Portfolio.objects.filter(user=learner, framework=framework).count() == 1
    # Start again from nothing: the learner builds it themselves below.
    Portfolio.objects.filter(user=learner, framework=framework).delete()

    # 1. Create the REMN-2019 portfolio, then fill it from the learner's records.
    response = learner_client.post("/portfolio/", {"framework": framework.pk})
    assert response.status_code == 302
    portfolio = Portfolio.objects.get(user=learner, framework=framework)
    detail_url = f"/portfolio/{portfolio.pk}/"
    assert response["Location"] == detail_url
    assert not portfolio.evidence_items.exists()

    records = records_of(learner)
    assert records, "the demo learner has no learning record that makes evidence"
    response = learner_client.post(f"{detail_url}preuves/mettre-a-jour/")
    assert response.status_code == 302
    assert collected(portfolio) == records
    # The learner's own records only: nothing of the other demo learner came in.
    assert not records & records_of(other)
    # Their records reach the title's competencies (directly or through the crosswalk).
    assert portfolio.evidence_items.filter(competency_links__competency__framework=framework).exists()
    page = learner_client.get(detail_url).content.decode()
    for item in portfolio.evidence_items.all():
        assert escape(item.snapshot["title"]) in page, item.snapshot
    # Collecting again adds nothing.
    assert learner_client.post(f"{detail_url}preuves/mettre-a-jour/").status_code == 302
    assert collected(portfolio) == records

    # 2. Two practice examples, each attached to an activity type (block) and competencies of the title.
    blocks = list(Block.objects.filter(framework=framework).order_by("sort_order", "code")[:2])
    assert len(blocks) == 2
    first_evidence = portfolio.evidence_items.order_by("pk").first()
    for example, block in zip(EXAMPLES, blocks, strict=True):
        competencies = list(Competency.objects.filter(framework=framework, block=block).order_by("pk")[:2])
        assert competencies, block.code
        data = {
            **example,
            "block": block.pk,
            "competencies": [c.pk for c in competencies],
            "evidence": [first_evidence.pk],
        }
        response = learner_client.post(f"{detail_url}exemples/ajouter/", data)
        assert response.status_code == 302, response.content.decode()[:2000]
        stored = PracticeExample.objects.get(portfolio=portfolio, title=example["title"])
        assert stored.block_id == block.pk
        assert set(stored.competencies.values_list("pk", flat=True)) == {c.pk for c in competencies}
        assert list(stored.evidence.values_list("pk", flat=True)) == [first_evidence.pk]
        assert stored.context_structure == example["context_structure"]
    assert portfolio.examples.count() == 2
    page = learner_client.get(detail_url).content.decode()
    assert all(escape(example["title"]) in page for example in EXAMPLES)

    # 3. Upload a workshop plan: stored privately, listed, downloadable by the owner only.
    plan_bytes = make_pdf("Plan d'atelier : quatre séances sur les démarches en ligne")
    plan_competency = Competency.objects.filter(framework=framework, block=blocks[0]).order_by("pk").first()
    response = learner_client.post(
        f"{detail_url}preuves/ajouter/",
        {
            "file": SimpleUploadedFile("plan-atelier.pdf", plan_bytes, content_type="application/pdf"),
            "title": PLAN_TITLE,
            "description": "Progression, supports et déroulé de chaque séance.",
            "competencies": [plan_competency.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = EvidenceItem.objects.get(portfolio=portfolio, source_type=EvidenceSource.UPLOAD)
    assert plan.title == PLAN_TITLE
    assert plan.file_mime == "application/pdf"
    assert Path(plan.file.path).is_relative_to(private_media)
    assert Path(plan.file.path).read_bytes() == plan_bytes
    assert plan.competency_links.filter(competency=plan_competency).exists()
    assert escape(PLAN_TITLE) in learner_client.get(detail_url).content.decode()
    plan_url = f"{detail_url}preuves/{plan.pk}/fichier/"
    response = learner_client.get(plan_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert download(response) == plan_bytes
    other_client = log_in(OTHER_LEARNER_EMAIL)
    assert other_client.get(plan_url).status_code == 404
    assert other_client.get(detail_url).status_code == 404

    # 4. Sign the honour statement, then share with the demo jury member.
    expires_on = timezone.localdate() + timedelta(days=45)
    response = learner_client.post(f"{detail_url}partages/", {"jury_email": JURY_EMAIL, "expires_on": expires_on})
    assert response.status_code == 400, "shared before the honour statement was signed"
    assert not PortfolioShare.objects.filter(portfolio=portfolio).exists()
    assert learner_client.post(f"{detail_url}declaration/", {"accept": "on"}).status_code == 302
    portfolio.refresh_from_db()
    assert portfolio.has_honour_statement
    response = learner_client.post(f"{detail_url}partages/", {"jury_email": JURY_EMAIL, "expires_on": expires_on})
    assert response.status_code == 302
    share = PortfolioShare.objects.get(portfolio=portfolio)
    assert (share.jury_member_id, share.created_by_id, share.revoked_at) == (jury.pk, learner.pk, None)
    assert timezone.localdate(share.expires_at) == expires_on

    # The learner asks for the PDF (the jury downloads the latest finished one).
    with django_capture_on_commit_callbacks(execute=True):
        response = learner_client.post(f"{detail_url}export/")
    assert response.status_code == 302
    export = portfolio.exports.get()
    assert export.status == ExportStatus.DONE, export.error

    # 5. The jury member finds the portfolio in their space and opens it.
    jury_client = log_in(JURY_EMAIL)
    jury_url = f"/portfolio/jury/{share.token}/"
    home = jury_client.get("/portfolio/jury/")
    assert home.status_code == 200
    assert jury_url in home.content.decode()
    assert learner.get_full_name() in home.content.decode()
    response = jury_client.get(jury_url)
    assert response.status_code == 200
    page = response.content.decode()
    assert all(escape(example["title"]) in page for example in EXAMPLES)
    assert escape(PLAN_TITLE) in page
    response = jury_client.get(f"{jury_url}preuves/{plan.pk}/fichier/")
    assert response.status_code == 200
    assert download(response) == plan_bytes

    # 6. The jury member comments and records opinions; the learner sees them once released.
    example = portfolio.examples.get(title=EXAMPLES[0]["title"])
    response = jury_client.post(f"{jury_url}exemples/{example.pk}/commentaire/", {"body": EXAMPLE_COMMENT})
    assert response.status_code == 302
    opinions = {
        competency: value
        for competency, value in zip(
            example.competencies.order_by("pk"), [JuryOpinionValue.ACQUIRED, JuryOpinionValue.TO_DEEPEN], strict=False
        )
    }
    assert opinions
    for competency, value in opinions.items():
        data = {"value": value, "comment": COMPETENCY_COMMENT if value == JuryOpinionValue.ACQUIRED else ""}
        response = jury_client.post(f"{jury_url}competences/{competency.pk}/", data)
        assert response.status_code == 302, competency.code
    assert jury_client.post(f"{jury_url}appreciation/", {"notes": OVERALL_NOTES}).status_code == 302

    assert {(o.competency_id, o.value) for o in JuryOpinion.objects.filter(share=share)} == {
        (competency.pk, value) for competency, value in opinions.items()
    }
    assert share.opinion_audits.filter(changed_by=jury).count() == len(opinions)
    comments = JuryComment.objects.filter(share=share, author=jury)
    assert comments.filter(example=example, body=EXAMPLE_COMMENT).exists()
    assert comments.filter(competency=next(iter(opinions)), body=COMPETENCY_COMMENT).exists()
    share.refresh_from_db()
    assert share.overall_notes == OVERALL_NOTES

    feedback_url = f"{detail_url}avis-du-jury/"
    hidden = learner_client.get(feedback_url).content.decode()
    assert escape(EXAMPLE_COMMENT) not in hidden, "feedback shown before the jury released it"
    assert escape(OVERALL_NOTES) not in hidden
    assert jury_client.post(f"{jury_url}communiquer/").status_code == 302
    shown = learner_client.get(feedback_url).content.decode()
    assert escape(EXAMPLE_COMMENT) in shown
    assert escape(OVERALL_NOTES) in shown

    # 7. The jury member downloads the PDF.
    response = jury_client.get(f"{jury_url}pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = download(response)
    assert pdf.startswith(b"%PDF")
    kinds = list(PortfolioAccessLog.objects.filter(share=share, user=jury).values_list("what", flat=True))
    assert {AccessKind.VIEW, AccessKind.FILE, AccessKind.PDF} <= set(kinds)

    # 8. Nobody else opens the share: another learner, a trainer, an anonymous visitor.
    for client in (other_client, log_in(TRAINER_EMAIL)):
        assert client.get(jury_url).status_code == 404
        assert client.get(f"{jury_url}pdf/").status_code == 404
        assert jury_url not in client.get("/portfolio/jury/").content.decode()
    anonymous = Client().get(jury_url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/compte/")

    # The PDF holds the learner's name and their practice examples (text extraction when available).
    if shutil.which(PDFTOTEXT) is None:
        pytest.skip(f"{PDFTOTEXT} (poppler-utils) is missing: the PDF text is not checked")
    text = subprocess.run([PDFTOTEXT, "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    flat = " ".join(text.split())
    assert learner.get_full_name() in flat
    assert EXAMPLES[0]["title"] in flat
