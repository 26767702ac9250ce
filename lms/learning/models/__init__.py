"""The learner's journey: enrolments and cohorts, progress and completion, live sessions, attestations.

The models live in one module per concern and are re-exported here, so ``lms.learning.models.X``
works as the contracts say.
"""

from .enrolment import Cohort, Enrolment, EnrolmentSource, LearnerProfile
from .imports import CohortImport, ImportStatus
from .live import AttendanceMethod, LiveSeries, LiveSession, LiveSessionRegistration, attendance_code_generate
from .progress import Attestation, CourseCompletion, LessonCompletion, attestation_public_id_generate

__all__ = [
    "Attestation",
    "AttendanceMethod",
    "Cohort",
    "CohortImport",
    "CourseCompletion",
    "Enrolment",
    "EnrolmentSource",
    "ImportStatus",
    "LearnerProfile",
    "LessonCompletion",
    "LiveSeries",
    "LiveSession",
    "LiveSessionRegistration",
    "attendance_code_generate",
    "attestation_public_id_generate",
]
