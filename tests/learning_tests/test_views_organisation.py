import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from lms.accounts.models import User
from lms.accounts.roles import OrganisationRole
from lms.learning.errors import IMPORT_UNAVAILABLE
from lms.learning.models import Cohort, CohortImport, CourseCompletion, Enrolment, LessonCompletion, LiveSession
from tests.accounts_tests.factories import OrganisationFactory, UserFactory

from .factories import enrol, make_cohort, make_staff

pytestmark = pytest.mark.django_db

CSV = "email;nom\nalice@exemple.fr;Alice Durand\n"


class TestAccess:
    def test_learners_and_other_organisations_are_refused(self, client, course, learner):
        cohort = make_cohort(course)
        client.force_login(learner)
        assert client.get("/organisme/").status_code == 403
        assert client.get(f"/organisme/sessions-de-formation/{cohort.pk}/").status_code == 403
        client.force_login(make_staff(OrganisationFactory()))
        assert client.get(f"/organisme/sessions-de-formation/{cohort.pk}/").status_code == 403
        assert client.get(f"/organisme/{course.organisation_id}/statistiques.csv").status_code == 403
        response = client.post(
            f"/organisme/{course.organisation_id}/sessions-de-formation/nouvelle/",
            {"name": "X", "course": course.pk, "starts_on": "2026-03-01", "ends_on": "2026-03-02"},
        )
        assert response.status_code == 403
        assert Cohort.objects.count() == 1

    def test_a_cohort_trainer_outside_the_organisation_reaches_the_cohort(self, client, course):
        guest = UserFactory()
        cohort = make_cohort(course, trainers=[guest])
        client.force_login(guest)
        assert client.get(f"/organisme/sessions-de-formation/{cohort.pk}/").status_code == 200
        assert client.get("/organisme/").status_code == 403


class TestOrganisationHome:
    def test_counts_per_course_and_cohort_and_csv_export(self, client, course, lessons):
        manager = make_staff(course.organisation, role=OrganisationRole.MANAGER)
        cohort = make_cohort(course, name="Printemps")
        done, started, waiting, alone = (UserFactory() for _ in range(4))
        for user in (done, started, waiting):
            enrol(user, course, cohort)
        enrol(alone, course)
        LessonCompletion.objects.create(user=started, lesson=lessons[0], course=course)
        CourseCompletion.objects.create(user=done, course=course)
        client.force_login(manager)
        html = client.get("/organisme/").content.decode()
        assert "Printemps" in html and "Inscriptions libres" in html
        response = client.get(f"/organisme/{course.organisation_id}/statistiques.csv")
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        rows = response.content.decode("utf-8-sig").splitlines()
        assert rows[0].startswith("Formation;Session de formation;")
        assert rows[1].startswith("Posture professionnelle;Inscriptions libres;;;1;0;0;")
        printemps = next(row for row in rows if ";Printemps;" in row)
        assert printemps.split(";")[4:7] == ["3", "1", "1"]
        assert done.email not in response.content.decode()


class TestCohortViews:
    def test_create_refuses_bad_dates_then_creates(self, client, course):
        trainer = make_staff(course.organisation)
        client.force_login(trainer)
        url = f"/organisme/{course.organisation_id}/sessions-de-formation/nouvelle/"
        data = {"name": "Automne", "course": course.pk, "starts_on": "2026-10-01", "ends_on": "2026-09-01"}
        response = client.post(url, data)
        assert response.status_code == 400
        assert "La date de fin doit suivre la date de début." in response.content.decode()
        assert not Cohort.objects.exists()
        response = client.post(url, {**data, "ends_on": "2026-12-01", "trainers": [trainer.pk]})
        cohort = Cohort.objects.get()
        assert response["Location"] == f"/organisme/sessions-de-formation/{cohort.pk}/"
        assert list(cohort.trainers.all()) == [trainer]

    def test_import_dry_run_then_confirm(self, client, course, django_capture_on_commit_callbacks):
        trainer = make_staff(course.organisation)
        cohort = make_cohort(course)
        client.force_login(trainer)
        url = f"/organisme/sessions-de-formation/{cohort.pk}/import/"
        response = client.post(url, {"file": SimpleUploadedFile("liste.csv", CSV.encode(), "text/csv")})
        html = response.content.decode()
        assert response.status_code == 200
        assert "Simulation : rien n'est encore enregistré" in html
        assert "nouveau compte : invitation par e-mail et inscription" in html
        assert not User.objects.filter(email="alice@exemple.fr").exists()
        job = CohortImport.objects.get()
        assert (job.status, job.filename, job.created_by) == ("pending", "liste.csv", trainer)
        # Only the person who checked the file confirms it.
        client.force_login(make_staff(course.organisation))
        refused = client.post(url, {"import_id": job.pk})
        assert refused.status_code == 400 and escape(str(IMPORT_UNAVAILABLE)) in refused.content.decode()
        client.force_login(trainer)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"import_id": job.pk})
        assert response["Location"] == f"/organisme/imports/{job.pk}/"
        assert Enrolment.objects.filter(cohort=cohort, user__email="alice@exemple.fr").exists()
        status_page = client.get(response["Location"]).content.decode()
        assert "importé" in status_page and "Nouveaux comptes : 1" in status_page
        assert client.post(url, {"import_id": job.pk}).status_code == 400  # confirmed once only
        client.force_login(make_staff(OrganisationFactory()))
        assert client.get(f"/organisme/imports/{job.pk}/").status_code == 403

    def test_import_file_errors(self, client, course):
        trainer = make_staff(course.organisation)
        cohort = make_cohort(course)
        client.force_login(trainer)
        url = f"/organisme/sessions-de-formation/{cohort.pk}/import/"
        big = SimpleUploadedFile("liste.csv", b"email;nom\n" + b"a" * (1024 * 1024), "text/csv")
        response = client.post(url, {"file": big})
        assert response.status_code == 400
        assert "Le fichier dépasse 1 Mio : découpez-le en plusieurs fichiers." in response.content.decode()
        bad = SimpleUploadedFile("liste.csv", b"email;nom\nx;Y\n", "text/csv")
        response = client.post(url, {"file": bad})
        assert response.status_code == 400
        assert "adresse e-mail invalide : « x »" in response.content.decode()
        assert response.context["job"] is None
        assert not CohortImport.objects.exists()
        assert User.objects.count() == 1


class TestLiveSessionViews:
    def test_trainer_creates_and_edits_a_session(self, client, course):
        trainer = make_staff(course.organisation)
        client.force_login(trainer)
        url = f"/organisme/{course.organisation_id}/direct/nouvelle/"
        data = {
            "title": "Classe virtuelle",
            "course": course.pk,
            "starts_at": "2030-05-02T14:00",
            "duration_minutes": 2,
            "capacity": 12,
            "trainer": trainer.pk,
        }
        response = client.post(url, data)
        assert response.status_code == 400
        assert not LiveSession.objects.exists()
        response = client.post(url, {**data, "duration_minutes": 90})
        session = LiveSession.objects.get()
        assert response["Location"] == f"/sessions/{session.pk}/"
        assert (session.course, session.capacity, session.organisation) == (course, 12, course.organisation)
        response = client.post(f"/organisme/direct/{session.pk}/modifier/", {**data, "duration_minutes": 60})
        session.refresh_from_db()
        assert session.duration_minutes == 60
        client.force_login(make_staff(OrganisationFactory()))
        assert client.get(f"/organisme/direct/{session.pk}/modifier/").status_code == 403
        assert client.get(url).status_code == 403

    def test_service_refuses_a_course_of_another_organisation(self, site_tree, course):
        from django.core.exceptions import ValidationError

        from lms.learning.services import live_session_create

        other = OrganisationFactory()
        with pytest.raises(ValidationError) as refusal:
            live_session_create(organisation=other, course=course, title="X", starts_at="2030-01-01T10:00Z")
        assert refusal.value.message_dict["course"] == ["Choisissez une formation de cet organisme."]
        assert not LiveSession.objects.exists()
