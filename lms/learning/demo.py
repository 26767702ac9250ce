"""Demo data of the learner's journey: a cohort on « posture-professionnelle » and a webinar series.

Idempotent: the cohort, series and sessions are found by name and kept when they exist (with the
dates they were created with). Run after the demo accounts and courses are loaded.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from courses.models import CoursePage
from lms.accounts.models import User
from lms.accounts.roles import SiteRole
from lms.core.demo import DEMO_ACCOUNTS, ensure_demo_allowed
from lms.frameworks.models import Framework

from .models import Cohort, EnrolmentSource, LearnerProfile, LiveSeries, LiveSession, LiveSessionRegistration
from .services import (
    cohort_create,
    enrolment_create,
    learner_profile_update,
    live_session_attendance_record,
    live_session_create,
    live_session_register,
)

DEMO_COURSE_SLUG = "posture-professionnelle"
DEMO_TRAINER_EMAIL = "formatrice@tremplin.demo"
DEMO_COHORT_NAME = "Posture professionnelle — promotion de printemps (démo)"
DEMO_SERIES_TITLE = "Les jeudis de la médiation"
DEMO_SERIES_DESCRIPTION = (
    "Un webinaire d'une heure, un jeudi sur deux : une situation de terrain, un invité, vos questions."
)
# (title, days from today, start hour, duration in minutes). The third one started half an hour ago,
# so the attendance code can be tried during a demo; the last one is ahead.
# The title the demo learners prepare (their demo portfolio is on it too): « Mon parcours » follows its
# competencies from the first login.
DEMO_TARGET_FRAMEWORK = "REMN-2019"
DEMO_SESSIONS = [
    ("Accueillir sans faire à la place", -21, 14, 60, "past"),
    ("Arnaques en ligne : repérer et prévenir", -7, 14, 60, "past"),
    ("Aidants Connect : vos questions", 0, None, 90, "running"),
    ("Données personnelles sur un poste partagé", 7, 14, 60, "upcoming"),
]


@dataclass
class DemoLearningReport:
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def _demo_learners() -> list[User]:
    emails = [account.email for account in DEMO_ACCOUNTS if account.site_role == SiteRole.LEARNER]
    return list(User.objects.filter(email__in=emails).order_by("email"))


def _starts_at(days: int, hour: int | None) -> datetime:
    now = timezone.localtime()
    if hour is None:
        return (now - timedelta(minutes=30)).replace(second=0, microsecond=0)
    return timezone.make_aware(datetime.combine(now.date() + timedelta(days=days), time(hour=hour)))


@transaction.atomic
def demo_learning_load() -> DemoLearningReport:
    """Create the demo cohort (with the demo learners) and the webinar series; keep what exists."""
    ensure_demo_allowed()
    report = DemoLearningReport()
    course = CoursePage.objects.select_related("organisation").filter(slug=DEMO_COURSE_SLUG).first()
    trainer = User.objects.filter(email=DEMO_TRAINER_EMAIL).first()
    if course is None or trainer is None:
        raise ImproperlyConfigured("Load the demo accounts and courses before the learning demo data.")
    organisation = course.organisation
    learners = _demo_learners()

    cohort = Cohort.objects.filter(organisation=organisation, course=course, name=DEMO_COHORT_NAME).first()
    if cohort is None:
        today = timezone.localdate()
        cohort = cohort_create(
            organisation=organisation,
            course=course,
            name=DEMO_COHORT_NAME,
            starts_on=today - timedelta(days=14),
            ends_on=today + timedelta(days=60),
            trainers=[trainer],
        )
        report.created.append(cohort.name)
    else:
        report.kept.append(cohort.name)
    for learner in learners:
        enrolment_create(user=learner, course=course, cohort=cohort, source=EnrolmentSource.COHORT)
    target = Framework.objects.filter(code=DEMO_TARGET_FRAMEWORK).first()
    chosen = set(
        LearnerProfile.objects.filter(user__in=learners, target_framework__isnull=False).values_list("user", flat=True)
    )
    for learner in learners:
        if target is not None and learner.pk not in chosen:
            learner_profile_update(user=learner, target_framework=target)

    series, created = LiveSeries.objects.get_or_create(
        organisation=organisation, title=DEMO_SERIES_TITLE, defaults={"description": DEMO_SERIES_DESCRIPTION}
    )
    (report.created if created else report.kept).append(series.title)
    for title, days, hour, minutes, kind in DEMO_SESSIONS:
        session = LiveSession.objects.filter(series=series, title=title).first()
        if session is not None:
            if kind == "running" and session.ends_at < timezone.now():
                # The demo is loaded again on another day: the session whose code can be tried must be
                # running now, or that step of the demo cannot be done.
                session.starts_at = _starts_at(days, hour)
                session.save(update_fields=["starts_at"])
                report.created.append(title)
            else:
                report.kept.append(title)
            continue
        session = live_session_create(
            organisation=organisation,
            series=series,
            course=course,
            title=title,
            description=DEMO_SERIES_DESCRIPTION,
            starts_at=_starts_at(days, hour),
            duration_minutes=minutes,
            place="En ligne",
            video_url="https://visio.example.org/jeudis-de-la-mediation",
            capacity=30,
            trainer=trainer,
        )
        report.created.append(title)
        if kind == "upcoming":
            for learner in learners:
                live_session_register(user=learner, session_id=session.pk)
            continue
        # Seats in sessions that already started are demo history: the service only books future ones.
        LiveSessionRegistration.objects.bulk_create(
            [
                LiveSessionRegistration(
                    user=learner, session=session, registered_at=session.starts_at - timedelta(days=3)
                )
                for learner in learners
            ]
        )
        if kind == "past":
            live_session_attendance_record(session=session, user_ids=[learner.pk for learner in learners[:1]])
    return report
