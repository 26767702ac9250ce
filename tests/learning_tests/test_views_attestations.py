import io

import pytest
from pypdf import PdfReader

from lms.learning.models import Attestation, LessonCompletion
from lms.learning.services import course_completion_evaluate
from tests.accounts_tests.factories import UserFactory

from .factories import enrol

pytestmark = pytest.mark.django_db


@pytest.fixture
def attestation(course, lessons, learner):
    enrol(learner, course)
    LessonCompletion.objects.bulk_create([LessonCompletion(user=learner, lesson=x, course=course) for x in lessons])
    course_completion_evaluate(user_id=learner.pk, course_id=course.pk)
    return Attestation.objects.get(user=learner)


class TestVerificationPage:
    def test_public_through_an_unguessable_id(self, client, attestation):
        assert len(attestation.public_id) == 32  # 24 random bytes, URL-safe base64
        html = client.get(f"/attestations/{attestation.public_id}/").content.decode()
        assert "Camille Martin" in html and "Posture professionnelle" in html
        assert attestation.organisation_name in html
        assert '<meta name="robots" content="noindex, nofollow">' in html
        assert "/pdf/" not in html  # anonymous visitors verify, they do not download
        # One character changed (never to itself: an id ending in "x" once made this check pass a 200).
        changed = attestation.public_id[:-1] + ("y" if attestation.public_id.endswith("x") else "x")
        assert client.get(f"/attestations/{changed}/").status_code == 404
        assert client.get(f"/attestations/{attestation.pk}/").status_code == 404

    def test_ids_are_distinct(self, attestation):
        from lms.learning.models import attestation_public_id_generate

        assert len({attestation_public_id_generate() for _ in range(500)}) == 500


class TestPdf:
    def test_owner_downloads_a_pdf_naming_learner_and_course(self, client, attestation, learner):
        client.force_login(learner)
        response = client.get(f"/attestations/{attestation.public_id}/pdf/")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="attestation-posture-professionnelle.pdf"'
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
        assert "Camille Martin" in text
        assert "Posture professionnelle" in text
        assert f"/attestations/{attestation.public_id}/" in text.replace("\n", "")

    def test_others_are_refused_staff_allowed(self, client, attestation):
        url = f"/attestations/{attestation.public_id}/pdf/"
        assert client.get(url)["Location"].startswith("/compte/connexion/")
        client.force_login(UserFactory())
        assert client.get(url).status_code == 403
        client.force_login(UserFactory(is_staff=True))
        assert client.get(url).status_code == 200
