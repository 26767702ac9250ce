"""Writes of the learner's journey, one module per concern, re-exported here (``lms.learning.services.X``)."""

from .attestations import attestation_issue
from .cohort_import import ImportFileError, ImportRefused, cohort_import_apply, cohort_import_decode, cohort_import_plan
from .cohort_import_jobs import cohort_import_confirm, cohort_import_prepare, cohort_import_run
from .completion import (
    course_completion_evaluate,
    course_completions_recompute,
    lesson_complete,
    lesson_visit_record,
)
from .enrolment import cohort_create, cohort_update, enrolment_create, learner_profile_update
from .live import (
    live_session_attendance_code_submit,
    live_session_attendance_record,
    live_session_create,
    live_session_register,
    live_session_unregister,
    live_session_update,
    session_reminders_send,
)

__all__ = [
    "ImportFileError",
    "ImportRefused",
    "attestation_issue",
    "cohort_create",
    "cohort_import_apply",
    "cohort_import_confirm",
    "cohort_import_decode",
    "cohort_import_plan",
    "cohort_import_prepare",
    "cohort_import_run",
    "cohort_update",
    "course_completion_evaluate",
    "course_completions_recompute",
    "enrolment_create",
    "learner_profile_update",
    "lesson_complete",
    "lesson_visit_record",
    "live_session_attendance_code_submit",
    "live_session_attendance_record",
    "live_session_create",
    "live_session_register",
    "live_session_unregister",
    "live_session_update",
    "session_reminders_send",
]
