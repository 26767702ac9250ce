"""Builders for the badges tests: badge classes with rules, the facts that earn them, an issued badge."""

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from lms.accounts.roles import OrganisationRole
from lms.accounts.services import membership_create
from lms.badges.models import BadgeClass, BadgeRule, RuleKind
from tests.accounts_tests.factories import UserFactory

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="90" height="90" viewBox="0 0 90 90">'
    b'<title>Badge</title><circle cx="45" cy="45" r="40" fill="#0a5"/></svg>'
)


def png_bytes(size=(120, 90), colour=(20, 80, 160, 255)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def make_badge_class(organisation, *, name="Parcours terminé", rules=(), image_kind="png", **fields) -> BadgeClass:
    """Create a badge class; ``rules`` are dicts of BadgeRule fields (``kind`` required)."""
    fields.setdefault("description", "Atteste la réussite du parcours.")
    fields.setdefault("criteria_narrative", "Terminer toutes les leçons.")
    fields.setdefault("image_alt", "Un cercle vert")
    badge_class = BadgeClass(organisation=organisation, name=name, **fields)
    from lms.badges.images import normalise_png

    data = normalise_png(png_bytes()) if image_kind == "png" else SVG
    badge_class.image.save(f"test-badge.{image_kind}", ContentFile(data), save=False)
    badge_class.full_clean()
    badge_class.save()
    for order, rule in enumerate(rules):
        BadgeRule.objects.create(badge_class=badge_class, sort_order=order, **rule)
    return badge_class


def course_rule(course) -> dict:
    return {"kind": RuleKind.COURSE_COMPLETED, "course": course}


def competency_rule(competency) -> dict:
    return {"kind": RuleKind.COMPETENCY_DEMONSTRATED, "competency": competency}


def sessions_rule(series, count: int) -> dict:
    return {"kind": RuleKind.SESSIONS_ATTENDED, "series": series, "sessions_required": count}


TRAINER_RULE = {"kind": RuleKind.TRAINER_AWARD}


def complete(user, course):
    from lms.learning.models import CourseCompletion

    return CourseCompletion.objects.create(user=user, course=course)


def demonstrate(user, competency):
    from assessments.models import CompetencyStatus, CompetencyStatusValue

    return CompetencyStatus.objects.create(user=user, competency=competency, status=CompetencyStatusValue.DEMONSTRATED)


def make_series(organisation, *, title="Les jeudis de la médiation", sessions=3):
    from lms.learning.models import LiveSeries, LiveSession

    series = LiveSeries.objects.create(organisation=organisation, title=title)
    start = timezone.now() - timedelta(days=30)
    for number in range(sessions):
        LiveSession.objects.create(
            organisation=organisation,
            series=series,
            title=f"Jeudi {number + 1}",
            starts_at=start + timedelta(days=7 * number),
        )
    return series


def attend(user, series, count: int):
    from lms.learning.models import LiveSessionRegistration

    sessions = list(series.sessions.order_by("starts_at")[:count])
    assert len(sessions) == count, "not enough sessions in the series"
    for session in sessions:
        LiveSessionRegistration.objects.create(user=user, session=session, attended=True, attended_at=session.starts_at)


def make_member(organisation, role=OrganisationRole.TRAINER, **fields):
    user = UserFactory(**fields)
    membership_create(user=user, organisation=organisation, role=role)
    return user


def enrol(user, course):
    from lms.learning.models import Enrolment

    return Enrolment.objects.create(user=user, course=course)
