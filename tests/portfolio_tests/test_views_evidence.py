import pytest

from lms.portfolio.models import EvidenceItem
from lms.portfolio.services import evidence_upload

from .factories import photo, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_client(client, portfolio):
    client.force_login(portfolio.user)
    return client


def upload_url(portfolio):
    return f"/portfolio/{portfolio.pk}/preuves/ajouter/"


class TestUploadView:
    def test_accepted_file_redirects_to_the_portfolio(self, owner_client, portfolio, titles):
        response = owner_client.post(
            upload_url(portfolio),
            {"file": upload(), "title": "Fiche action", "competencies": [titles["REMN"]["CP1"].pk]},
        )

        assert response.status_code == 302
        assert response["Location"] == portfolio.get_absolute_url()
        assert EvidenceItem.objects.get().title == "Fiche action"

    def test_refused_file_keeps_every_other_field(self, owner_client, portfolio, titles):
        from lms.frameworks.models import EvidenceType

        fiche = EvidenceType.objects.get(code="FICHE_ATELIER")
        svg = upload("schema.svg", data=b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')

        response = owner_client.post(
            upload_url(portfolio),
            {
                "file": svg,
                "title": "Déroulé de l'atelier du 12 mars",
                "evidence_type": fiche.pk,
                "occurred_on": "2025-03-12",
                "description": "Séance avec huit participant·es",
                "competencies": [titles["REMN"]["CP3"].pk],
            },
        )

        page = response.content.decode()
        assert response.status_code == 400
        assert "Pages web, images SVG et scripts refusés : ils peuvent contenir du code." in page
        assert 'value="Déroulé de l&#x27;atelier du 12 mars"' in page
        assert 'value="2025-03-12"' in page
        assert "Séance avec huit participant·es</textarea>" in page
        assert f'<option value="{fiche.pk}" selected>' in page
        assert f'value="{titles["REMN"]["CP3"].pk}" id="id_competencies_1" checked' in page
        assert "le fichier doit être choisi à nouveau" in page
        assert EvidenceItem.objects.count() == 0

    def test_photo_without_consent_is_refused_with_the_fields_kept(self, owner_client, portfolio):
        response = owner_client.post(upload_url(portfolio), {"file": photo(), "title": "Photo de groupe"})

        page = response.content.decode()
        assert response.status_code == 400
        assert "Cochez « J&#x27;ai l&#x27;accord des personnes photographiées » pour déposer une photo." in page
        assert 'value="Photo de groupe"' in page
        assert EvidenceItem.objects.count() == 0

    def test_only_the_owner_may_upload(self, client, portfolio, other_learner):
        client.force_login(other_learner)

        response = client.post(upload_url(portfolio), {"file": upload(), "title": "x"})

        assert response.status_code == 404
        assert EvidenceItem.objects.count() == 0


class TestFileDownload:
    @pytest.fixture
    def item(self, portfolio):
        return evidence_upload(portfolio=portfolio, uploaded_file=upload(), title="Fiche")

    def url(self, item):
        return f"/portfolio/{item.portfolio_id}/preuves/{item.pk}/fichier/"

    def test_owner_downloads_with_safe_headers(self, owner_client, item):
        response = owner_client.get(self.url(item))

        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="fiche.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "private, no-store"
        with item.file.open("rb") as stored:
            assert b"".join(response.streaming_content) == stored.read()

    def test_staff_may_download(self, client, staff, item):
        client.force_login(staff)

        assert client.get(self.url(item)).status_code == 200

    def test_other_learner_gets_404(self, client, other_learner, item):
        client.force_login(other_learner)

        assert client.get(self.url(item)).status_code == 404

    def test_anonymous_is_sent_to_login(self, client, item):
        response = client.get(self.url(item))

        assert response.status_code == 302
        assert response["Location"].startswith("/compte/")
