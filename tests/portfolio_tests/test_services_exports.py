import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from lms.portfolio.errors import PortfolioError
from lms.portfolio.models import ExportStatus, PortfolioExport, PracticeExample
from lms.portfolio.services import (
    evidence_upload,
    portfolio_collect_evidence,
    portfolio_export_request,
    portfolio_export_retry,
    portfolio_export_run,
)

from .builders import image_xobjects, page_texts
from .factories import complete_course, make_course_for, make_example, photo, sha256

pytestmark = pytest.mark.django_db


def export_now(portfolio, capture) -> PortfolioExport:
    """Request an export and run the queued task, as the worker would after the commit."""
    with capture(execute=True):
        export = portfolio_export_request(portfolio=portfolio, by=portfolio.user)
    export.refresh_from_db()
    return export


def pdf_text(export) -> str:
    with export.file.open("rb") as handle:
        return "\n".join(page_texts(handle.read()))


class TestExportContent:
    def test_pdf_is_shaped_like_the_dossier_professionnel(
        self, signed_portfolio, titles, site, django_capture_on_commit_callbacks
    ):
        remn = titles["REMN"]
        make_example(
            signed_portfolio, block=remn["CCP1"], competencies=[remn["CP1"]], title="Atelier démarches en ligne"
        )
        make_example(signed_portfolio, block=remn["CCP2"], competencies=[remn["CP5"]], title="Diagnostic du quartier")
        complete_course(signed_portfolio.user, make_course_for(site, competencies=[remn["CP1"]]))
        portfolio_collect_evidence(portfolio=signed_portfolio)

        export = export_now(signed_portfolio, django_capture_on_commit_callbacks)

        assert export.status == ExportStatus.DONE
        with export.file.open("rb") as handle:
            data = handle.read()
        assert export.sha256 == sha256(data)
        assert export.size == len(data)
        assert export.pages == len(PdfReader(io.BytesIO(data)).pages) >= 6
        text = pdf_text(export)
        flat = re.sub(r"\s+", " ", text)
        for expected in (
            "Dossier professionnel",
            "Camille Martin",
            "Responsable d'espace de médiation numérique",
            "Validation des acquis de l'expérience (VAE)",
            "Sommaire",
            "CCP1 — Accompagner différents publics",
            "CCP2 — Contribuer au développement",
            "Exemple n° 1 : Atelier démarches en ligne",
            "Exemple n° 1 : Diagnostic du quartier",
            "Matrice de couverture des compétences",
            "Titres, attestations de formation et badges",
            "Accueillir les publics",
            "http://testserver/attestations/",
            "Annexe : preuves",
            "Déclaration sur l'honneur",
            "Je soussigné·e Camille Martin",
            f"http://testserver/portfolio/verification/{export.public_id}/",
        ):
            assert expected in flat, expected
        assert "intitulé provisoire" in flat  # CCP2's CP5 is not verified
        pages = page_texts(data)
        for number, page in enumerate(pages, start=1):
            assert f"Page {number} / {len(pages)}" in page

    def test_uploaded_photos_are_embedded_from_the_portfolio_directory(
        self, portfolio, django_capture_on_commit_callbacks
    ):
        evidence_upload(portfolio=portfolio, uploaded_file=photo(), title="Photo de l'atelier", people_consent=True)

        export = export_now(portfolio, django_capture_on_commit_callbacks)

        with export.file.open("rb") as handle:
            assert image_xobjects(handle.read()) == 1

    def test_the_pdf_is_stored_privately(self, portfolio, private_media, django_capture_on_commit_callbacks):
        from pathlib import Path

        export = export_now(portfolio, django_capture_on_commit_callbacks)

        path = Path(export.file.path)
        assert path.is_relative_to(Path(private_media).resolve() / "portfolio" / portfolio.storage_key / "exports")
        assert len(path.stem) == 24


class TestExportLifecycle:
    def test_a_second_request_while_in_progress_returns_the_same_export(self, portfolio):
        first = portfolio_export_request(portfolio=portfolio, by=portfolio.user)
        second = portfolio_export_request(portfolio=portfolio, by=portfolio.user)

        assert first.pk == second.pk
        assert PortfolioExport.objects.count() == 1

    def test_running_the_task_twice_renders_once(self, portfolio):
        export = portfolio_export_request(portfolio=portfolio, by=portfolio.user)

        assert portfolio_export_run(export_id=export.pk).status == ExportStatus.DONE
        assert portfolio_export_run(export_id=export.pk) is None

    def test_a_render_error_fails_with_a_clear_message_and_can_be_retried(
        self, portfolio, titles, django_capture_on_commit_callbacks
    ):
        # Lists nested 250 deep pass the sanitiser but exceed the renderer's nesting limit.
        example = make_example(
            portfolio, block=titles["REMN"]["CCP1"], extra="<ul><li>" * 250 + "x" + "</li></ul>" * 250
        )

        export = export_now(portfolio, django_capture_on_commit_callbacks)

        assert export.status == ExportStatus.FAILED
        assert export.error == (
            "La génération du PDF a échoué. Réessayez ; si l'échec se répète, contactez votre accompagnateur."
        )
        assert not export.file and export.sha256 == ""

        PracticeExample.objects.filter(pk=example.pk).update(extra="<p>Bilan</p>")
        with django_capture_on_commit_callbacks(execute=True):
            retried = portfolio_export_retry(export=export)
        retried.refresh_from_db()

        assert retried.pk == export.pk
        assert retried.status == ExportStatus.DONE and retried.attempts == 2

    def test_only_a_failed_export_can_be_retried(self, portfolio):
        export = portfolio_export_request(portfolio=portfolio, by=portfolio.user)

        with pytest.raises(PortfolioError) as refused:
            portfolio_export_retry(export=export)

        assert str(refused.value.message) == "Seul un export en échec peut être relancé."

    def test_a_stalled_export_counts_as_failed_and_may_be_replaced(self, portfolio):
        stalled = portfolio_export_request(portfolio=portfolio, by=portfolio.user)
        PortfolioExport.objects.filter(pk=stalled.pk).update(
            status=ExportStatus.RUNNING, started_at=timezone.now() - timedelta(hours=1)
        )
        stalled.refresh_from_db()
        assert stalled.is_failed and stalled.display_status == "en échec"

        fresh = portfolio_export_request(portfolio=portfolio, by=portfolio.user)

        stalled.refresh_from_db()
        assert fresh.pk != stalled.pk
        assert stalled.status == ExportStatus.FAILED
        assert stalled.error == "La génération du PDF a été interrompue. Relancez-la."
