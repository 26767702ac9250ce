import pytest

from lms.learning.models import Cohort, Enrolment
from lms.records.models import Statement
from tests.accounts_tests.factories import UserFactory

from .factories import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


class TestLearningAdmin:
    def test_listings_render(self, admin_client, course):
        make_session(course.organisation)
        for url in (
            "/admin/parcours/sessions-de-formation/",
            "/admin/parcours/cycles/",
            "/admin/parcours/sessions-en-direct/",
            "/admin/parcours/inscriptions/",
        ):
            assert admin_client.get(url).status_code == 200, url

    def test_creations_go_through_the_services(self, admin_client, course, learner):
        response = admin_client.post(
            "/admin/parcours/sessions-de-formation/new/",
            {
                "organisation": course.organisation_id,
                "course": course.pk,
                "name": "Session admin",
                "starts_on": "2026-03-01",
                "ends_on": "2026-02-01",
            },
        )
        assert response.status_code == 200  # the form shows the model's refusal
        assert not Cohort.objects.exists()
        response = admin_client.post(
            "/admin/parcours/inscriptions/new/", {"user": learner.pk, "course": course.pk, "source": "cohort"}
        )
        assert response.status_code == 302
        assert Enrolment.objects.filter(user=learner, course=course).exists()
        assert Statement.objects.filter(user=learner, verb="registered").count() == 1
