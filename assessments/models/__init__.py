"""Models of the assessments app, split by concern and re-exported here.

``bank`` holds the question bank, ``pages`` the assessment page, ``attempts`` what learners do and
what trainers grade, ``competency`` the learners' stored competency statuses.
"""

from .attempts import Answer, Attempt, AttemptCompetencyScore, AttemptStatus, GradeAudit
from .bank import Difficulty, Question
from .competency import CompetencyStatus, CompetencyStatusValue
from .pages import AssessmentPage, AssessmentQuestion, ShowAnswers

__all__ = [
    "Answer",
    "AssessmentPage",
    "AssessmentQuestion",
    "Attempt",
    "AttemptCompetencyScore",
    "AttemptStatus",
    "CompetencyStatus",
    "CompetencyStatusValue",
    "Difficulty",
    "GradeAudit",
    "Question",
    "ShowAnswers",
]
