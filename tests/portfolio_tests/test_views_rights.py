import io
import zipfile

import pytest

from lms.portfolio.models import Portfolio
from tests.accounts_tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

DELETE_URL = "/portfolio/mes-donnees/supprimer-mon-compte/"


class TestDataExportView:
    def test_post_returns_the_zip(self, client, portfolio):
        client.force_login(portfolio.user)

        response = client.post("/portfolio/mes-donnees/telecharger/")

        assert response.status_code == 200
        assert response["Content-Type"] == "application/zip"
        assert response["Content-Disposition"].startswith('attachment; filename="tremplin-mes-donnees-')
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
        assert "donnees.json" in archive.namelist()

    def test_get_is_refused_and_anonymous_is_sent_to_login(self, client, portfolio):
        assert client.post("/portfolio/mes-donnees/telecharger/").status_code == 302
        client.force_login(portfolio.user)
        assert client.get("/portfolio/mes-donnees/telecharger/").status_code == 405


class TestAccountDeleteView:
    def test_wrong_password_is_refused_with_the_message(self, client, portfolio):
        client.force_login(portfolio.user)

        response = client.post(DELETE_URL, {"email": portfolio.user.email, "password": "faux"})

        assert response.status_code == 400
        assert "Mot de passe incorrect." in response.content.decode()
        assert Portfolio.objects.exists()

    def test_deletion_logs_out(self, client, portfolio, django_capture_on_commit_callbacks):
        client.force_login(portfolio.user)

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(DELETE_URL, {"email": portfolio.user.email, "password": PASSWORD})

        assert response.status_code == 302 and response["Location"] == "/"
        assert "_auth_user_id" not in client.session
        assert client.get("/portfolio/").status_code == 302
        assert not Portfolio.objects.exists()

    def test_staff_see_why_they_cannot_delete_here(self, client, staff):
        client.force_login(staff)

        response = client.post(DELETE_URL, {"email": staff.email, "password": PASSWORD})

        assert response.status_code == 403
        assert (
            "Les comptes d'équipe (administration, formation) ne peuvent pas être supprimés ici"
            in response.content.decode()
        )
        staff.refresh_from_db()
        assert staff.is_active
