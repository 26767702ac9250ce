"""Builders for the portfolio tests: two titles with a crosswalk, the records evidence comes from, examples."""

import hashlib
from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lms.frameworks.models import Block, Competency, CompetencyMapping, EvidenceType, Framework, Status
from tests.portfolio_tests.builders import make_image, make_pdf

EXAMPLE_FIELDS = {
    "title": "Atelier « Découvrir les démarches en ligne »",
    "tasks": "<p>J'ai animé quatre séances pour huit personnes.</p>",
    "means": "<p>Six ordinateurs, un vidéoprojecteur.</p>",
    "collaborators": "<p>La référente familles du centre social.</p>",
    "context_structure": "Centre social Les Tilleuls",
    "context_service": "Espace numérique",
    "context_period": "Octobre à novembre 2025",
}


def make_titles() -> dict:
    """Create REMN-2019 (CCP1: CP1, CP3; CCP2: CP5 provisional) and MN-2025 (CCP1: CP1, CP2, CP3) and the crosswalk."""
    remn = Framework.objects.create(code="REMN-2019", title="Responsable d'espace de médiation numérique", sort_order=1)
    remn_ccp1 = Block.objects.create(
        framework=remn, code="CCP1", activity_type="Accompagner différents publics", sort_order=1
    )
    remn_ccp2 = Block.objects.create(
        framework=remn, code="CCP2", activity_type="Contribuer au développement", sort_order=2, status=Status.UNVERIFIED
    )
    mn = Framework.objects.create(code="MN-2025", title="Médiateur numérique", sort_order=2)
    mn_ccp1 = Block.objects.create(framework=mn, code="CCP1", activity_type="Accompagner les personnes", sort_order=1)
    remn_parts = {
        "framework": remn,
        "CCP1": remn_ccp1,
        "CCP2": remn_ccp2,
        "CP1": Competency.objects.create(
            framework=remn, block=remn_ccp1, code="CP1", title="Élaborer des programmes", sort_order=1
        ),
        "CP3": Competency.objects.create(
            framework=remn, block=remn_ccp1, code="CP3", title="Accueillir différents publics", sort_order=3
        ),
        "CP5": Competency.objects.create(
            framework=remn,
            block=remn_ccp2,
            code="CP5",
            title="Diagnostic de territoire",
            status=Status.UNVERIFIED,
            sort_order=5,
        ),
    }
    mn_parts = {
        "framework": mn,
        "CCP1": mn_ccp1,
        "CP1": Competency.objects.create(
            framework=mn, block=mn_ccp1, code="CP1", title="Accueillir les personnes", sort_order=1
        ),
        "CP2": Competency.objects.create(
            framework=mn, block=mn_ccp1, code="CP2", title="Poser un diagnostic partagé", sort_order=2
        ),
        "CP3": Competency.objects.create(
            framework=mn, block=mn_ccp1, code="CP3", title="Concevoir des accompagnements", sort_order=3
        ),
    }
    CompetencyMapping.objects.create(source=remn_parts["CP3"], target=mn_parts["CP1"])
    CompetencyMapping.objects.create(source=remn_parts["CP3"], target=mn_parts["CP2"])
    CompetencyMapping.objects.create(source=remn_parts["CP1"], target=mn_parts["CP3"], status="confirmed")
    EvidenceType.objects.get_or_create(code="CERTIFICAT", defaults={"label": "Certificat, attestation de module"})
    EvidenceType.objects.get_or_create(code="FICHE_ATELIER", defaults={"label": "Fiche action / déroulé d'atelier"})
    return {"REMN": remn_parts, "MN": mn_parts}


def make_example(portfolio, *, block, competencies=(), evidence=(), **fields):
    from lms.portfolio.services import practice_example_create

    return practice_example_create(
        portfolio=portfolio, block=block, competencies=competencies, evidence=evidence, **{**EXAMPLE_FIELDS, **fields}
    )


def make_course_for(
    site_tree, *, title="Accueillir les publics", competencies=(), slug="accueillir", organisation=None
):
    from tests.courses_tests.factories import make_course, make_section

    section = make_section(site_tree[1], organisation)
    return make_course(section, slug=slug, title=title, competencies=competencies, duration_hours=Decimal("14"))


def complete_course(user, course):
    """Record a completion and issue its attestation, as learning's completion service does."""
    from lms.learning.models import CourseCompletion, Enrolment
    from lms.learning.services import attestation_issue

    Enrolment.objects.get_or_create(user=user, course=course)
    completion = CourseCompletion.objects.create(user=user, course=course)
    attestation_issue(completion=completion)
    return completion


def attend_session(user, organisation, *, course=None, title="Webinaire : posture professionnelle"):
    from lms.learning.models import LiveSession, LiveSessionRegistration

    session = LiveSession.objects.create(
        organisation=organisation,
        course=course,
        title=title,
        starts_at=timezone.now() - timedelta(days=3),
        duration_minutes=90,
        place="en ligne",
    )
    return LiveSessionRegistration.objects.create(
        user=user, session=session, attended=True, attended_at=session.starts_at, attendance_method="code"
    )


def pass_assessment(user, course, *, competency, slug="evaluation", percent=85):
    """Create an assessment under ``course`` and a passed attempt with a score on ``competency``."""
    from assessments.models import Attempt, AttemptCompetencyScore
    from tests.assessments_tests.factories import make_assessment

    assessment = make_assessment(course, slug=slug, title="Quiz : accueillir les publics")
    now = timezone.now()
    attempt = Attempt.objects.create(
        user=user,
        assessment=assessment,
        number=1,
        started_at=now - timedelta(minutes=20),
        submitted_at=now,
        status="graded",
        score=Decimal(percent),
        max_score=Decimal(100),
        passed=True,
    )
    AttemptCompetencyScore.objects.create(
        attempt=attempt, competency=competency, points=Decimal(percent), max_points=Decimal(100)
    )
    return attempt


def grade_assignment(user, course, *, competency, slug="devoir"):
    """Create an open-response answer graded with a two-criteria rubric and written feedback."""
    from assessments.models import Answer, Attempt
    from tests.assessments_tests.factories import make_assessment, make_question

    rubric = {
        "criteria": [
            {
                "title": "Déroulé de l'atelier",
                "levels": [{"label": "Insuffisant", "points": 0}, {"label": "Satisfaisant", "points": 2}],
            },
            {
                "title": "Adaptation au public",
                "levels": [{"label": "Insuffisant", "points": 0}, {"label": "Satisfaisant", "points": 2}],
            },
        ]
    }
    question = make_question(
        course.organisation,
        "open_response",
        competencies=[competency],
        prompt="Rédigez la fiche action d'un atelier.",
        config={"rubric": rubric},
    )
    assessment = make_assessment(course, slug=slug, title="Devoir : fiche action", questions=[question])
    now = timezone.now()
    attempt = Attempt.objects.create(
        user=user, assessment=assessment, number=1, started_at=now, submitted_at=now, status="graded", passed=True
    )
    return Answer.objects.create(
        attempt=attempt,
        question=question,
        response={"text": "Ma fiche"},
        saved_at=now,
        points=Decimal("4"),
        max_points=Decimal("4"),
        rubric_levels=[1, 1],
        mastery=True,
        feedback="Déroulé clair, bonne prise en compte des publics.",
        graded_at=now,
    )


def issue_badge(user, organisation, *, competencies=(), name="Accueil des publics"):
    """Create an issued Open Badges assertion without running the signing task."""
    from lms.badges import ob2
    from lms.badges.models import Assertion, AssertionStatus, Issuer
    from tests.badges_tests.factories import make_badge_class

    issuer, _created = Issuer.objects.get_or_create(
        organisation=organisation,
        defaults={"name": organisation.name, "url": "https://organisme.example", "email": "contact@organisme.example"},
    )
    badge_class = make_badge_class(organisation, name=name)
    badge_class.competencies.set(competencies)
    badge_class.save()
    return Assertion.objects.create(
        badge_class=badge_class,
        issuer=issuer,
        recipient=user,
        recipient_email=user.email,
        salt=ob2.new_salt(),
        award_key="manual:test",
        status=AssertionStatus.ISSUED,
        issued_on=timezone.now(),
    )


def upload(name="fiche.pdf", data=None, content_type="application/pdf"):
    return SimpleUploadedFile(name, make_pdf("Fiche atelier") if data is None else data, content_type=content_type)


def photo(name="atelier.jpg"):
    return SimpleUploadedFile(name, make_image("JPEG", (60, 40)), content_type="image/jpeg")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def expire(share):
    """Move a share into the past, as if its expiry date had gone by."""
    from lms.portfolio.models import PortfolioShare

    now = timezone.now()
    PortfolioShare.objects.filter(pk=share.pk).update(
        created_at=now - timedelta(days=31), expires_at=now - timedelta(minutes=1)
    )
    share.refresh_from_db()
    return share


def record_statement(user, *, name="Accueillir les publics"):
    from lms.records.services import absolute_url, statement_record

    return statement_record(
        user=user,
        verb="completed",
        object_url=absolute_url("/formations/accueillir/"),
        object_name=name,
        object_type="course",
    )


def full_history(user, site, titles, jury_member):
    """Give ``user`` some of everything: portfolio, evidence, a file, records, attestation, badge, a jury share."""
    from django.core.files.base import ContentFile

    from lms.portfolio.services import (
        evidence_upload,
        jury_comment_add,
        portfolio_collect_evidence,
        portfolio_create,
        portfolio_honour_statement_sign,
        portfolio_share_create,
    )

    remn = titles["REMN"]
    course = make_course_for(site, competencies=[remn["CP3"]])
    completion = complete_course(user, course)
    answer = grade_assignment(user, course, competency=remn["CP3"])
    answer.file.save("devoir.pdf", ContentFile(make_pdf("Devoir")), save=True)
    assertion = issue_badge(user, course.organisation, competencies=[remn["CP1"]])
    statement = record_statement(user)
    from assessments.models import CompetencyStatus

    CompetencyStatus.objects.create(user=user, competency=remn["CP3"], status="demonstrated")
    portfolio = portfolio_create(user=user, framework=remn["framework"])
    example = make_example(portfolio, block=remn["CCP1"], competencies=[remn["CP3"]])
    upload_item = evidence_upload(portfolio=portfolio, uploaded_file=upload(), title="Fiche action")
    portfolio_collect_evidence(portfolio=portfolio)
    portfolio_honour_statement_sign(portfolio=portfolio, accepted=True)
    share = portfolio_share_create(
        portfolio=portfolio, jury_email=jury_member.email, expires_on=timezone.localdate() + timedelta(days=10), by=user
    )
    jury_comment_add(share=share, example=example, body="Très concret.", by=jury_member)
    return {
        "course": course,
        "completion": completion,
        "attestation": completion.attestation,
        "answer": answer,
        "assertion": assertion,
        "statement": statement,
        "portfolio": portfolio,
        "example": example,
        "upload": upload_item,
        "share": share,
    }
