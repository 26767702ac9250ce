import pytest
from django.core import mail
from django.urls import reverse

from lms.accounts.models import User
from lms.learning.errors import IMPORT_UNAVAILABLE, LearningError
from lms.learning.models import CohortImport, Enrolment, ImportStatus
from lms.learning.services import cohort_import_confirm, cohort_import_prepare, cohort_import_run
from tests.accounts_tests.factories import UserFactory

from .factories import make_cohort, make_staff

pytestmark = pytest.mark.django_db

GOOD = b"email;nom\nalice@exemple.fr;Alice Durand\nbob@exemple.fr;Bob Martin\n"


@pytest.fixture
def cohort(course):
    return make_cohort(course)


@pytest.fixture
def trainer(course):
    return make_staff(course.organisation)


class TestPrepare:
    def test_keeps_a_clean_dry_run_for_confirmation(self, cohort, trainer):
        report, job = cohort_import_prepare(cohort=cohort, user=trainer, data=GOOD, filename="liste.csv")
        assert job.status == ImportStatus.PENDING
        assert job.counts == {"invite": 2, "enrol": 0, "attach": 0, "already": 0, "error": 0}
        assert job.report[0] == {
            "number": 2,
            "email": "alice@exemple.fr",
            "name": "Alice Durand",
            "outcome": "invite",
            "message": "nouveau compte : invitation par e-mail et inscription",
        }
        assert not User.objects.filter(email="alice@exemple.fr").exists()

    def test_keeps_nothing_when_a_line_is_wrong(self, cohort, trainer):
        report, job = cohort_import_prepare(cohort=cohort, user=trainer, data=b"email;nom\nx;Y\n")
        assert job is None and report.has_errors
        assert not CohortImport.objects.exists()


class TestConfirmAndRun:
    def test_confirmed_import_runs_once_and_sends_invitations(
        self, cohort, trainer, django_capture_on_commit_callbacks
    ):
        _report, job = cohort_import_prepare(cohort=cohort, user=trainer, data=GOOD)
        with django_capture_on_commit_callbacks(execute=True):
            cohort_import_confirm(job_id=job.pk, user=trainer)
        job.refresh_from_db()
        assert job.status == ImportStatus.APPLIED and job.finished_at is not None
        assert Enrolment.objects.filter(cohort=cohort).count() == 2
        assert len(mail.outbox) == 2
        # A redelivered task finds the import done and changes nothing.
        assert cohort_import_run(job_id=job.pk).status == ImportStatus.APPLIED
        assert Enrolment.objects.count() == 2 and len(mail.outbox) == 2
        with pytest.raises(LearningError) as refusal:
            cohort_import_confirm(job_id=job.pk, user=trainer)
        assert refusal.value.message == IMPORT_UNAVAILABLE

    def test_only_the_author_confirms(self, cohort, trainer):
        _report, job = cohort_import_prepare(cohort=cohort, user=trainer, data=GOOD)
        with pytest.raises(LearningError):
            cohort_import_confirm(job_id=job.pk, user=UserFactory())
        job.refresh_from_db()
        assert job.status == ImportStatus.PENDING

    def test_rechecked_when_run_nothing_imported_if_a_line_became_wrong(self, course, cohort, trainer):
        _report, job = cohort_import_prepare(cohort=cohort, user=trainer, data=GOOD)
        # Between the dry run and the import, Bob joined another cohort of the course.
        bob = UserFactory(email="bob@exemple.fr")
        Enrolment.objects.create(user=bob, course=course, cohort=make_cohort(course, name="Automne"))
        CohortImport.objects.filter(pk=job.pk).update(status=ImportStatus.QUEUED)
        job = cohort_import_run(job_id=job.pk)
        assert job.status == ImportStatus.REFUSED
        assert job.report[1]["message"] == "déjà inscrit à une autre session de cette formation : « Automne »"
        assert not User.objects.filter(email="alice@exemple.fr").exists()
        assert not Enrolment.objects.filter(cohort=cohort).exists()


class TestRunFailures:
    """A crash half-way leaves nothing imported and says so; a passing outage is retried."""

    def _queued(self, cohort, trainer):
        _report, job = cohort_import_prepare(cohort=cohort, user=trainer, data=GOOD)
        CohortImport.objects.filter(pk=job.pk).update(status=ImportStatus.QUEUED)
        return job

    def _fail_on_second_line(self, monkeypatch, error):
        from lms.learning.services import cohort_import

        real = cohort_import.enrolment_create
        calls = []

        def enrol_then_fail(**kwargs):
            calls.append(kwargs["user"].email)
            if len(calls) == 2:
                raise error
            return real(**kwargs)

        monkeypatch.setattr(cohort_import, "enrolment_create", enrol_then_fail)
        return calls

    def test_unexpected_error_marks_the_import_failed_and_rolls_everything_back(
        self, cohort, trainer, monkeypatch, caplog
    ):
        job = self._queued(cohort, trainer)
        calls = self._fail_on_second_line(monkeypatch, ValueError("données inattendues"))
        job = cohort_import_run(job_id=job.pk)
        assert calls == ["alice@exemple.fr", "bob@exemple.fr"]
        job.refresh_from_db()
        assert job.status == ImportStatus.FAILED and job.finished_at is not None
        assert not User.objects.filter(email__in=["alice@exemple.fr", "bob@exemple.fr"]).exists()
        assert not Enrolment.objects.filter(cohort=cohort).exists()
        assert "Cohort import" in caplog.text and "données inattendues" in caplog.text
        # A failed import is final: a redelivered task does nothing.
        assert cohort_import_run(job_id=job.pk).status == ImportStatus.FAILED

    def test_os_error_propagates_for_a_retry_and_leaves_the_import_queued(self, cohort, trainer, monkeypatch):
        job = self._queued(cohort, trainer)
        self._fail_on_second_line(monkeypatch, ConnectionRefusedError("smtp"))
        with pytest.raises(ConnectionRefusedError):
            cohort_import_run(job_id=job.pk)
        job.refresh_from_db()
        assert job.status == ImportStatus.QUEUED
        assert not User.objects.filter(email="alice@exemple.fr").exists()

    def test_status_page_explains_a_failed_import(self, client, cohort, trainer):
        job = self._queued(cohort, trainer)
        CohortImport.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED)
        client.force_login(trainer)
        response = client.get(reverse("learning:cohort_import_status", args=[job.pk]))
        html = response.content.decode()
        assert response.status_code == 200
        assert "échec : une erreur technique a interrompu l&#x27;import" in html
        assert "déposer le fichier à nouveau" in html
