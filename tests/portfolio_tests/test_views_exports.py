import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lms.portfolio.models import ExportStatus, PortfolioExport
from lms.portfolio.services import portfolio_export_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def done_export(portfolio, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export = portfolio_export_request(portfolio=portfolio, by=portfolio.user)
    export.refresh_from_db()
    return export


def pdf_bytes(export) -> bytes:
    with export.file.open("rb") as handle:
        return handle.read()


class TestExportViews:
    def test_request_redirects_to_the_progress_page(self, client, portfolio):
        client.force_login(portfolio.user)

        response = client.post(f"/portfolio/{portfolio.pk}/export/")

        export = PortfolioExport.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/portfolio/{portfolio.pk}/export/{export.public_id}/"

    def test_progress_page_polls_without_meta_refresh(self, client, portfolio):
        export = portfolio_export_request(portfolio=portfolio, by=portfolio.user)
        client.force_login(portfolio.user)

        page = client.get(export.get_absolute_url()).content.decode()
        status = client.get(f"{export.get_absolute_url()}statut.json").json()

        assert 'http-equiv="refresh"' not in page
        assert "portfolio/export-status.js" in page
        assert f'href="{export.get_absolute_url()}">Actualiser</a>' in page
        assert status == {"status": "pending", "label": "en attente", "finished": False}

    def test_done_export_offers_the_file_and_its_hash(self, client, done_export):
        client.force_login(done_export.portfolio.user)

        page = client.get(done_export.get_absolute_url()).content.decode()
        status = client.get(f"{done_export.get_absolute_url()}statut.json").json()
        download = client.get(f"{done_export.get_absolute_url()}telecharger/")

        assert done_export.sha256 in page
        assert "export-status.js" not in page
        assert status == {"status": "done", "label": "prêt", "finished": True}
        assert download["Content-Type"] == "application/pdf"
        assert download["Content-Disposition"].startswith('attachment; filename="portfolio-remn-2019-')
        assert b"".join(download.streaming_content) == pdf_bytes(done_export)

    def test_failed_export_shows_the_message_and_a_retry_button(self, client, portfolio):
        export = portfolio_export_request(portfolio=portfolio, by=portfolio.user)
        PortfolioExport.objects.filter(pk=export.pk).update(
            status=ExportStatus.FAILED, error="La génération du PDF a échoué."
        )
        client.force_login(portfolio.user)

        page = client.get(export.get_absolute_url()).content.decode()

        assert "La génération du PDF a échoué." in page
        assert f'action="{export.get_absolute_url()}relancer/"' in page

    @pytest.mark.parametrize("who", ["other_learner", "jury_member"])
    def test_others_cannot_see_or_download(self, client, done_export, who, request):
        client.force_login(request.getfixturevalue(who))

        for suffix in ("", "statut.json", "telecharger/"):
            assert client.get(f"{done_export.get_absolute_url()}{suffix}").status_code == 404


class TestVerificationPage:
    def test_public_page_shows_who_what_when_and_the_hash(self, client, done_export):
        response = client.get(f"/portfolio/verification/{done_export.public_id}/")

        page = response.content.decode()
        assert response.status_code == 200
        assert "Camille Martin" in page
        assert "Responsable d&#x27;espace de médiation numérique (REMN-2019)" in page
        assert done_export.sha256 in page
        assert response["X-Robots-Tag"] == "noindex, nofollow"

    def test_uploading_the_same_pdf_matches(self, client, done_export):
        response = client.post(
            f"/portfolio/verification/{done_export.public_id}/",
            {"file": SimpleUploadedFile("p.pdf", pdf_bytes(done_export), content_type="application/pdf")},
        )

        assert "Identique : ce PDF est exactement celui qui a été produit." in response.content.decode()

    def test_a_modified_pdf_does_not_match(self, client, done_export):
        response = client.post(
            f"/portfolio/verification/{done_export.public_id}/",
            {"file": SimpleUploadedFile("p.pdf", pdf_bytes(done_export) + b"%", content_type="application/pdf")},
        )

        assert "Différent : ce fichier" in response.content.decode()

    def test_unknown_or_unfinished_exports_are_404(self, client, portfolio):
        pending = portfolio_export_request(portfolio=portfolio, by=portfolio.user)

        assert client.get(f"/portfolio/verification/{pending.public_id}/").status_code == 404
        assert client.get("/portfolio/verification/inconnu/").status_code == 404
