"""Read the learning records of other apps into evidence candidates (no writes here).

Each reader returns ``Candidate`` objects for one learner: the source identity, a snapshot without
competencies, and the ids of the competencies the source is aligned to (any framework). The other
apps are imported inside the functions: they depend on this one for nothing, and this one must not
make them load first.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Model
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext

from ..models import EvidenceSource
from ..sanitize import plain_text

logger = logging.getLogger(__name__)

CERTIFICATE_TYPE = "CERTIFICAT"
DESCRIPTION_MAX_CHARS = 600


@dataclass
class Candidate:
    """A piece of evidence found in the records, not stored yet."""

    source_type: str
    source_id: str
    occurred_on: date | None
    snapshot: dict
    competency_ids: list[int] = field(default_factory=list)
    #: Per competency id, the learner's score on it in this source (percent), when known.
    competency_scores: dict[int, int] = field(default_factory=dict)
    evidence_type_code: str = ""


def _day(value: datetime | date | None) -> date | None:
    if value is None:
        return None
    return timezone.localdate(value) if isinstance(value, datetime) else value


def _iso(value: datetime | date | None) -> str:
    day = _day(value)
    return day.isoformat() if day else ""


def _number(value: Decimal | float | int | None) -> str:
    """Return a number as text without trailing zeros ("14", "1.5"), or "" when unknown."""
    if value is None:
        return ""
    text = f"{Decimal(str(value)).normalize():f}"
    return text


def _percent(value) -> int | None:
    return None if value is None else round(value)


def _m2m_competency_ids(model: type[Model], field_name: str, owner_ids) -> dict[int, list[int]]:
    """Return ``{owner id: [competency ids]}`` for a (Parental)ManyToMany to competencies, in one query."""
    owner_ids = list(owner_ids)
    if not owner_ids:
        return {}
    m2m = model._meta.get_field(field_name)
    through = m2m.remote_field.through
    source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
    result: dict[int, list[int]] = {}
    rows = through.objects.filter(**{f"{source}_id__in": owner_ids}).values_list(f"{source}_id", f"{target}_id")
    for owner_id, competency_id in rows.order_by("pk"):
        result.setdefault(owner_id, []).append(competency_id)
    return result


def course_completions(*, user) -> list[Candidate]:
    """Return one candidate per completed course, from its attestation when there is one."""
    from courses.models import CoursePage
    from lms.frameworks.selectors import competencies_by_references
    from lms.learning.documents import attestation_verification_url
    from lms.learning.models import CourseCompletion

    completions = list(CourseCompletion.objects.filter(user=user).select_related("course__organisation", "attestation"))
    course_competencies = _m2m_competency_ids(CoursePage, "competencies", {c.course_id for c in completions})
    references = {
        entry.get("reference")
        for completion in completions
        if getattr(completion, "attestation", None) is not None
        for entry in completion.attestation.competencies
    }
    by_reference = competencies_by_references([ref for ref in references if ref])
    candidates = []
    for completion in completions:
        attestation = getattr(completion, "attestation", None)
        course = completion.course
        if attestation is not None:
            # The attestation is itself a snapshot of the day the course was completed: prefer it.
            snapshot = {
                "title": attestation.course_title,
                "subtitle": gettext("Attestation de fin de formation"),
                "date": _iso(attestation.completed_on),
                "start_date": _iso(attestation.started_on),
                "hours": _number(attestation.hours),
                "organisation": attestation.organisation_name,
                "verification_url": attestation_verification_url(attestation),
                "attestation_id": attestation.public_id,
            }
            competency_ids = [
                by_reference[entry["reference"]].pk
                for entry in attestation.competencies
                if entry.get("reference") in by_reference
            ]
        else:
            snapshot = {
                "title": course.title,
                "subtitle": gettext("Formation terminée"),
                "date": _iso(completion.completed_at),
                "hours": _number(course.duration_hours),
                "organisation": course.organisation.name if course.organisation_id else "",
            }
            competency_ids = course_competencies.get(course.pk, [])
        candidates.append(
            Candidate(
                source_type=EvidenceSource.COURSE_COMPLETION,
                source_id=str(completion.pk),
                occurred_on=_day(completion.completed_at),
                snapshot=snapshot,
                competency_ids=competency_ids,
                evidence_type_code=CERTIFICATE_TYPE,
            )
        )
    return candidates


def _courses_by_path(pages) -> dict[str, Model]:
    """Return the courses above ``pages`` (assessments), keyed by their tree path, in one query."""
    from courses.models import CoursePage

    paths = {page.path[: -page.steplen] for page in pages}
    return {course.path: course for course in CoursePage.objects.filter(path__in=paths).select_related("organisation")}


def passed_assessments(*, user) -> list[Candidate]:
    """Return one candidate per passed assessment attempt, with its score per competency."""
    from assessments.models import Attempt

    attempts = list(
        Attempt.objects.filter(user=user, passed=True)
        .select_related("assessment")
        .prefetch_related("competency_scores")
        .order_by("submitted_at", "pk")
    )
    courses = _courses_by_path(attempt.assessment for attempt in attempts)
    candidates = []
    for attempt in attempts:
        course = courses.get(attempt.assessment.path[: -attempt.assessment.steplen])
        scores = {score.competency_id: _percent(score.percent) for score in attempt.competency_scores.all()}
        candidates.append(
            Candidate(
                source_type=EvidenceSource.ASSESSMENT,
                source_id=str(attempt.pk),
                occurred_on=_day(attempt.submitted_at or attempt.started_at),
                snapshot={
                    "title": attempt.assessment.title,
                    "subtitle": gettext("Évaluation réussie"),
                    "date": _iso(attempt.submitted_at or attempt.started_at),
                    "course": course.title if course else "",
                    "organisation": course.organisation.name if course and course.organisation_id else "",
                    "score": {
                        "percent": _percent(attempt.percent),
                        "raw": _number(attempt.score),
                        "max": _number(attempt.max_score),
                    },
                },
                competency_ids=list(scores),
                competency_scores={key: value for key, value in scores.items() if value is not None},
            )
        )
    return candidates


def _rubric_lines(question, levels) -> list[dict]:
    criteria = ((question.config or {}).get("rubric") or {}).get("criteria") or []
    lines = []
    for criterion, index in zip(criteria, levels or [], strict=False):
        try:
            level = criterion["levels"][index]
        except (KeyError, IndexError, TypeError):
            continue
        lines.append(
            {
                "criterion": str(criterion.get("title", "")),
                "level": str(level.get("label", "")),
                "points": _number(level.get("points")),
            }
        )
    return lines


def graded_assignments(*, user) -> list[Candidate]:
    """Return one candidate per answer a person graded with a rubric, with the grader's feedback."""
    from assessments.models import Answer, Question

    answers = list(
        Answer.objects.filter(attempt__user=user, graded_at__isnull=False, rubric_levels__isnull=False)
        .select_related("attempt__assessment", "question")
        .order_by("graded_at", "pk")
    )
    question_competencies = _m2m_competency_ids(Question, "competencies", {a.question_id for a in answers})
    courses = _courses_by_path(answer.attempt.assessment for answer in answers)
    candidates = []
    for answer in answers:
        assessment = answer.attempt.assessment
        course = courses.get(assessment.path[: -assessment.steplen])
        percent = answer.points * 100 / answer.max_points if answer.points is not None and answer.max_points else None
        candidates.append(
            Candidate(
                source_type=EvidenceSource.ASSIGNMENT,
                source_id=str(answer.pk),
                occurred_on=_day(answer.graded_at),
                snapshot={
                    "title": assessment.title,
                    "subtitle": gettext("Travail corrigé avec une grille critériée"),
                    "date": _iso(answer.graded_at),
                    "course": course.title if course else "",
                    "organisation": course.organisation.name if course and course.organisation_id else "",
                    "description": Truncator(plain_text(answer.question.prompt)).chars(DESCRIPTION_MAX_CHARS),
                    "score": {
                        "percent": _percent(percent),
                        "raw": _number(answer.points),
                        "max": _number(answer.max_points),
                    },
                    "feedback": answer.feedback,
                    "rubric": _rubric_lines(answer.question, answer.rubric_levels),
                },
                competency_ids=question_competencies.get(answer.question_id, []),
            )
        )
    return candidates


def attended_sessions(*, user) -> list[Candidate]:
    """Return one candidate per live session the learner attended."""
    from courses.models import CoursePage
    from lms.learning.models import LiveSessionRegistration

    registrations = list(
        LiveSessionRegistration.objects.filter(user=user, attended=True)
        .select_related("session__organisation", "session__course")
        .order_by("session__starts_at", "pk")
    )
    course_competencies = _m2m_competency_ids(
        CoursePage, "competencies", {r.session.course_id for r in registrations if r.session.course_id}
    )
    candidates = []
    for registration in registrations:
        session = registration.session
        candidates.append(
            Candidate(
                source_type=EvidenceSource.LIVE_SESSION,
                source_id=str(registration.pk),
                occurred_on=_day(session.starts_at),
                snapshot={
                    "title": session.title,
                    "subtitle": gettext("Session en direct suivie"),
                    "date": _iso(session.starts_at),
                    "hours": _number(round(Decimal(session.duration_minutes) / 60, 1)),
                    "organisation": session.organisation.name,
                    "place": session.place,
                    "course": session.course.title if session.course_id else "",
                },
                competency_ids=course_competencies.get(session.course_id, []),
            )
        )
    return candidates


def _assertion_url(assertion) -> str:
    try:
        return assertion.public_url
    except NoReverseMatch:
        # The badges URLs are not mounted (a deployment mistake): keep the evidence, without the link.
        logger.warning("Portfolio: no public URL for badge assertion %s (badges URLs not mounted)", assertion.pk)
        return ""


def earned_badges(*, user) -> list[Candidate]:
    """Return one candidate per issued, unrevoked badge."""
    from lms.badges.models import BadgeClass
    from lms.badges.selectors import badges_for_user

    assertions = list(badges_for_user(user=user))
    class_competencies = _m2m_competency_ids(BadgeClass, "competencies", {a.badge_class_id for a in assertions})
    candidates = []
    for assertion in assertions:
        badge_class = assertion.badge_class
        candidates.append(
            Candidate(
                source_type=EvidenceSource.BADGE,
                source_id=str(assertion.uuid),
                occurred_on=_day(assertion.issued_on),
                snapshot={
                    "title": badge_class.name,
                    "subtitle": gettext("Badge numérique (Open Badges)"),
                    "date": _iso(assertion.issued_on),
                    "end_date": _iso(assertion.expires_on),
                    "organisation": assertion.issuer.name,
                    "description": Truncator(badge_class.description).chars(DESCRIPTION_MAX_CHARS),
                    "verification_url": _assertion_url(assertion),
                },
                competency_ids=class_competencies.get(badge_class.pk, []),
                evidence_type_code=CERTIFICATE_TYPE,
            )
        )
    return candidates


READERS = (course_completions, passed_assessments, graded_assignments, attended_sessions, earned_badges)
