"""Decide which automatic badges a learner has earned, from the facts other apps record.

Facts: course completions (``lms.learning.CourseCompletion``), demonstrated competencies
(``assessments.CompetencyStatus``) and attended live sessions per series
(``lms.learning.LiveSessionRegistration``). A class is due when every automatic rule holds; for a
repeatable class, as many times as every rule holds (a "3 sessions" rule holds once per 3 sessions).
Reads only: five queries whatever the number of classes and facts.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from .models import AUTOMATIC_KINDS, BadgeClass, RuleKind

COURSE_EVIDENCE = "Formation « %(title)s » terminée le %(date)s."
COMPETENCY_EVIDENCE = "Compétence %(reference)s « %(title)s » démontrée le %(date)s (évaluations Tremplin)."
SESSIONS_EVIDENCE = "Présence à %(count)s sessions du cycle « %(series)s » : %(sessions)s."


@dataclass
class Due:
    """How many automatic awards of one class the learner has earned, and the evidence for them."""

    badge_class: BadgeClass
    times: int
    evidence: list[dict] = field(default_factory=list)


@dataclass
class _Facts:
    courses: dict[int, tuple[str, datetime]]
    competencies: dict[int, tuple[str, str, datetime]]
    sessions: dict[int, list[tuple[str, datetime]]]


def _day(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y")


def _facts(user_id: int) -> _Facts:
    from assessments.models import CompetencyStatus, CompetencyStatusValue
    from lms.learning.models import CourseCompletion, LiveSessionRegistration

    courses = {
        row.course_id: (row.course.title, row.completed_at)
        for row in CourseCompletion.objects.filter(user_id=user_id)
        .select_related("course")
        .only("course_id", "completed_at", "course__title")
    }
    competencies = {
        row.competency_id: (row.competency.reference, row.competency.title, row.updated_at)
        for row in CompetencyStatus.objects.filter(
            user_id=user_id, status=CompetencyStatusValue.DEMONSTRATED
        ).select_related("competency__framework", "competency__block")
    }
    sessions: dict[int, list[tuple[str, datetime]]] = {}
    attended = (
        LiveSessionRegistration.objects.filter(user_id=user_id, attended=True, session__series__isnull=False)
        .select_related("session")
        .order_by("session__starts_at")
    )
    for registration in attended:
        session = registration.session
        sessions.setdefault(session.series_id, []).append((session.title, session.starts_at))
    return _Facts(courses=courses, competencies=competencies, sessions=sessions)


def _times_and_evidence(rule, facts: _Facts, series_titles: dict[int, str]) -> tuple[int, list[dict]]:
    """Return how many times ``rule`` holds and the evidence of its first occurrences."""
    if rule.kind == RuleKind.COURSE_COMPLETED and rule.course_id in facts.courses:
        title, moment = facts.courses[rule.course_id]
        return 1, [
            {"name": "Formation terminée", "narrative": COURSE_EVIDENCE % {"title": title, "date": _day(moment)}}
        ]
    if rule.kind == RuleKind.COMPETENCY_DEMONSTRATED and rule.competency_id in facts.competencies:
        reference, title, moment = facts.competencies[rule.competency_id]
        narrative = COMPETENCY_EVIDENCE % {"reference": reference, "title": title, "date": _day(moment)}
        return 1, [{"name": "Compétence démontrée", "narrative": narrative}]
    if rule.kind == RuleKind.SESSIONS_ATTENDED:
        attended = facts.sessions.get(rule.series_id, [])
        times = len(attended) // rule.sessions_required
        listed = ", ".join(f"{title} ({_day(moment)})" for title, moment in attended[: times * rule.sessions_required])
        narrative = SESSIONS_EVIDENCE % {
            "count": times * rule.sessions_required,
            "series": series_titles.get(rule.series_id, ""),
            "sessions": listed,
        }
        return times, [{"name": "Présence aux sessions en direct", "narrative": narrative}] if times else []
    return 0, []


def awards_due(*, user_id: int) -> list[Due]:
    """Return the active classes with automatic rules that ``user_id`` has earned at least once."""
    from lms.learning.models import LiveSeries

    facts = _facts(user_id)
    matching = (
        Q(rules__kind=RuleKind.COURSE_COMPLETED, rules__course_id__in=list(facts.courses))
        | Q(rules__kind=RuleKind.COMPETENCY_DEMONSTRATED, rules__competency_id__in=list(facts.competencies))
        | Q(rules__kind=RuleKind.SESSIONS_ATTENDED, rules__series_id__in=list(facts.sessions))
    )
    if not (facts.courses or facts.competencies or facts.sessions):
        return []
    candidates = list(
        BadgeClass.objects.filter(matching, is_active=True)
        .distinct()
        .select_related("organisation__badge_issuer")
        .prefetch_related("rules")
        .order_by("pk")
    )
    series_titles = dict(LiveSeries.objects.filter(pk__in=list(facts.sessions)).values_list("pk", "title"))
    due = []
    for badge_class in candidates:
        rules = [rule for rule in badge_class.rules.all() if rule.kind in AUTOMATIC_KINDS]
        outcomes = [_times_and_evidence(rule, facts, series_titles) for rule in rules]
        times = min((count for count, _evidence in outcomes), default=0)
        if not badge_class.repeatable:
            times = min(times, 1)
        if times:
            due.append(Due(badge_class, times, [item for _count, evidence in outcomes for item in evidence]))
    return due
