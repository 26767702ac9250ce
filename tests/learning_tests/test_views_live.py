from datetime import timedelta

import pytest
from django.core.cache import cache

from lms.learning.errors import CODE_RATE_LIMITED, CODE_WRONG, SESSION_FULL
from lms.learning.models import LiveSessionRegistration
from tests.accounts_tests.factories import OrganisationFactory, UserFactory

from .factories import make_session, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


class TestSessionPages:
    def test_list_and_detail_are_public(self, client):
        session = make_session(OrganisationFactory(), title="Les jeudis de la médiation", place="En ligne")
        make_session(session.organisation, title="Passée", starts_in=timedelta(days=-3))
        html = client.get("/sessions/").content.decode()
        assert "Les jeudis de la médiation" in html and "Passée" not in html
        detail = client.get(f"/sessions/{session.pk}/").content.decode()
        assert "Se connecter pour s'inscrire" in detail
        assert session.attendance_code not in detail

    def test_register_post_only_then_full_message(self, client, learner):
        session = make_session(OrganisationFactory(), capacity=1)
        client.force_login(learner)
        assert client.get(f"/sessions/{session.pk}/inscription/").status_code == 405
        assert client.post(f"/sessions/{session.pk}/inscription/").status_code == 302
        other = UserFactory()
        client.force_login(other)
        response = client.post(f"/sessions/{session.pk}/inscription/")
        assert response.status_code == 409
        assert str(SESSION_FULL) in response.content.decode()
        assert session.registrations.count() == 1

    def test_code_form_messages(self, client, learner):
        session = make_session(OrganisationFactory(), starts_in=timedelta(minutes=-10))
        LiveSessionRegistration.objects.create(user=learner, session=session)
        client.force_login(learner)
        page = client.get(f"/sessions/{session.pk}/").content.decode()
        assert 'name="code"' in page
        wrong = "ZZZZZZ" if session.attendance_code != "ZZZZZZ" else "YYYYYY"
        for _attempt in range(5):
            response = client.post(f"/sessions/{session.pk}/code/", {"code": wrong})
            assert response.status_code == 400
            assert str(CODE_WRONG) in response.content.decode()
        response = client.post(f"/sessions/{session.pk}/code/", {"code": session.attendance_code})
        assert response.status_code == 429
        assert str(CODE_RATE_LIMITED) in response.content.decode()
        assert not LiveSessionRegistration.objects.get(user=learner).attended


class TestAttendanceView:
    def test_only_the_session_staff_see_the_list_and_code(self, client, learner):
        organisation = OrganisationFactory()
        trainer = make_staff(organisation)
        session = make_session(organisation, starts_in=timedelta(minutes=-10), trainer=trainer)
        LiveSessionRegistration.objects.create(user=learner, session=session)
        client.force_login(learner)
        assert client.get(f"/sessions/{session.pk}/presences/").status_code == 403
        assert client.post(f"/sessions/{session.pk}/presences/", {"present": [learner.pk]}).status_code == 403
        assert not LiveSessionRegistration.objects.get(user=learner).attended
        outsider = make_staff(OrganisationFactory())
        client.force_login(outsider)
        assert client.get(f"/sessions/{session.pk}/presences/").status_code == 403
        client.force_login(trainer)
        assert session.attendance_code in client.get(f"/sessions/{session.pk}/").content.decode()
        page = client.get(f"/sessions/{session.pk}/presences/").content.decode()
        assert f'name="present" value="{learner.pk}"' in page
        response = client.post(f"/sessions/{session.pk}/presences/", {"present": [learner.pk]})
        assert response.status_code == 302
        assert LiveSessionRegistration.objects.get(user=learner).attended
        assert client.post(f"/sessions/{session.pk}/presences/", {"present": ["x"]}).status_code == 400
