"""Reads of the learner's journey, one module per screen family, re-exported here."""

from .coordination import territory_statistics, territory_statistics_cached
from .dashboard import learner_dashboard, learner_profile_get, target_frameworks
from .live import (
    attendance_list,
    can_manage_session,
    course_upcoming_sessions,
    organisation_sessions,
    session_detail,
    upcoming_sessions,
)
from .organisation import (
    can_manage_organisation,
    cohort_for_manager,
    cohort_learners,
    managed_organisations,
    organisation_statistics,
)
from .progress import course_completion_rules, course_progress, lesson_progress

__all__ = [
    "attendance_list",
    "can_manage_organisation",
    "can_manage_session",
    "cohort_for_manager",
    "cohort_learners",
    "course_completion_rules",
    "course_progress",
    "course_upcoming_sessions",
    "learner_dashboard",
    "learner_profile_get",
    "lesson_progress",
    "managed_organisations",
    "organisation_sessions",
    "organisation_statistics",
    "session_detail",
    "target_frameworks",
    "territory_statistics",
    "territory_statistics_cached",
    "upcoming_sessions",
]
