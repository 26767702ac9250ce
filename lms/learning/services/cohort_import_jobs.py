"""Run cohort CSV imports: store the dry run, confirm it, import it in a Celery worker."""

import logging
from functools import partial

from django.db import transaction
from django.utils import timezone

from lms.accounts.models import User

from ..errors import IMPORT_UNAVAILABLE, LearningError
from ..models import Cohort, CohortImport, ImportStatus
from .cohort_import import ImportRefused, ImportReport, cohort_import_apply, cohort_import_decode, cohort_import_plan

logger = logging.getLogger(__name__)


def _report_rows(report: ImportReport) -> list[dict]:
    return [
        {
            "number": line.number,
            "email": line.email,
            "name": line.name,
            "outcome": line.outcome,
            "message": line.message,
        }
        for line in report.lines
    ]


def cohort_import_prepare(
    *, cohort: Cohort, user: User, data: bytes, filename: str = ""
) -> tuple[ImportReport, CohortImport | None]:
    """Dry-run an uploaded file; keep it for confirmation when no line has an error.

    Raise ``ImportFileError`` when the file cannot be read at all. Nothing is imported here.
    """
    text = cohort_import_decode(data=data)
    report = cohort_import_plan(cohort=cohort, text=text)
    if report.has_errors:
        return report, None
    job = CohortImport.objects.create(
        cohort=cohort, created_by=user, filename=filename[:255], text=text, report=_report_rows(report)
    )
    return report, job


@transaction.atomic
def cohort_import_confirm(*, job_id: int, user: User) -> CohortImport:
    """Queue the import of a dry run its author confirms; each dry run is imported at most once."""
    from ..tasks import apply_cohort_import

    queued = CohortImport.objects.filter(pk=job_id, created_by=user, status=ImportStatus.PENDING).update(
        status=ImportStatus.QUEUED
    )
    if not queued:
        raise LearningError(IMPORT_UNAVAILABLE)
    transaction.on_commit(partial(apply_cohort_import.delay, job_id))
    return CohortImport.objects.get(pk=job_id)


@transaction.atomic
def cohort_import_run(*, job_id: int) -> CohortImport:
    """Import a queued file in one transaction, with its status; a second run finds it done and stops.

    The row lock makes a duplicate delivery wait, then see the import finished. If the worker dies
    half-way, everything (status included) rolls back, and the redelivered task starts over. An
    ``OSError`` (mail server, network) propagates so that the task retries; any other error is a bug or
    bad data that a retry would not mend: the import is rolled back and marked failed, so that the
    organisation sees it instead of an import "in progress" forever.
    """
    job = CohortImport.objects.select_for_update().select_related("cohort").get(pk=job_id)
    if job.status != ImportStatus.QUEUED:
        return job
    try:
        with transaction.atomic():
            report = cohort_import_apply(cohort=job.cohort, text=job.text)
    except ImportRefused as refusal:
        report, job.status = refusal.report, ImportStatus.REFUSED
    except OSError:
        raise
    except Exception:
        logger.exception("Cohort import %s failed; rolled back", job_id)
        job.status = ImportStatus.FAILED
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "finished_at"])
        return job
    else:
        job.status = ImportStatus.APPLIED
    job.report = _report_rows(report)
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "report", "finished_at"])
    return job
