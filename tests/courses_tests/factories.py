"""Builders for catalogue tests: a small framework, themes, sections, courses and lessons."""

import json

from courses.models import CoursePage, LessonPage
from courses.services import organisation_section_ensure
from lms.frameworks.models import Block, Competency, Framework, Status, Theme
from tests.accounts_tests.factories import OrganisationFactory


def make_framework(code: str = "REMN-2019") -> dict:
    """Build a small framework; replaces the bundled one of the same code so counts stay predictable."""
    Framework.objects.filter(code=code).delete()
    framework = Framework.objects.create(code=code, title=f"Titre {code}")
    ccp1 = Block.objects.create(framework=framework, code="CCP1", activity_type="Accompagner", sort_order=1)
    ccp2 = Block.objects.create(framework=framework, code="CCP2", activity_type="Développer", sort_order=2)
    return {
        "framework": framework,
        "CCP1": ccp1,
        "CCP2": ccp2,
        "CP1": Competency.objects.create(framework=framework, block=ccp1, code="CP1", title="Élaborer", sort_order=1),
        "CP3": Competency.objects.create(framework=framework, block=ccp1, code="CP3", title="Accueillir", sort_order=3),
        "CP5": Competency.objects.create(
            framework=framework, block=ccp2, code="CP5", title="Diagnostic", status=Status.UNVERIFIED, sort_order=5
        ),
    }


def make_theme(code: str = "POSTURE", title: str = "Posture professionnelle") -> Theme:
    return Theme.objects.get_or_create(code=code, defaults={"title": title})[0]


def make_section(catalogue, organisation=None):
    return organisation_section_ensure(organisation=organisation or OrganisationFactory(), catalogue=catalogue)


def make_course(section, *, slug: str, title: str = "", competencies=(), theme=None, lessons: int = 0, **fields):
    course = CoursePage(
        title=title or slug.replace("-", " ").capitalize(),
        slug=slug,
        summary=fields.pop("summary", "Un module pour progresser."),
        theme=theme or make_theme(),
        **fields,
    )
    section.add_child(instance=course)
    if competencies:
        course.competencies.set(competencies)
        course.save()
    course.save_revision().publish()
    for number in range(1, lessons + 1):
        make_lesson(course, slug=f"lecon-{number}", title=f"Leçon {number}")
    return course


def make_lesson(course, *, slug: str, title: str, body=None):
    lesson = LessonPage(
        title=title,
        slug=slug,
        duration_minutes=15,
        body=json.dumps(body or [{"type": "text", "value": f"<p>Contenu de {title}.</p>"}]),
    )
    course.add_child(instance=lesson)
    lesson.save_revision().publish()
    return lesson
