import pytest
from django.core import mail

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
