"""Courses and lessons for load tests: whole page subtrees inserted in bulk under each organisation."""

import json
import random
import uuid
from dataclasses import dataclass
from decimal import Decimal

from courses.models import CatalogueIndexPage, CoursePage, LessonPage, Level, Modality
from courses.services import organisation_section_ensure
from lms.accounts.models import Organisation
from lms.frameworks.models import Competency, Theme

from .scale_pages import pages_bulk_add, pages_bulk_add_under_each

TOPICS = [
    "Accueillir sans faire à la place", "Diagnostiquer les besoins numériques", "Animer un atelier collectif",
    "Repérer la désinformation", "Accompagner les démarches en ligne", "Protéger ses données personnelles",
    "Initier au smartphone", "Sécuriser ses comptes", "Travailler en réseau sur son territoire",
    "Concevoir une séquence pédagogique", "Accompagner les publics éloignés", "Évaluer un atelier",
]  # fmt: skip
PARAGRAPH = (
    "<p>Le médiateur numérique accompagne la personne pour qu'elle gagne en autonomie : il explique, "
    "montre, puis laisse faire. Cette leçon propose des repères, un exemple tiré d'une permanence et "
    "une courte mise en situation.</p>"
)


@dataclass
class Catalogue:
    course_ids: list[int]
    lesson_ids_by_course: dict[int, list[int]]
    organisation_by_course: dict[int, int]


def _lesson_body(rng: random.Random, title: str) -> str:
    blocks = [{"type": "text", "value": f"<h2>{title}</h2>{PARAGRAPH}", "id": str(uuid.uuid4())}]
    blocks += [{"type": "text", "value": PARAGRAPH, "id": str(uuid.uuid4())} for _n in range(rng.randint(1, 3))]
    return json.dumps(blocks)


def scale_catalogue_create(
    *,
    rng: random.Random,
    catalogue: CatalogueIndexPage,
    organisations: list[Organisation],
    courses: int,
    lessons_per_course: int,
) -> Catalogue:
    """Create ``courses`` live courses of ``lessons_per_course`` lessons, shared round-robin by the organisations."""
    themes = list(Theme.objects.all()) or [Theme.objects.create(code="charge", title="Formation continue")]
    competency_ids = list(Competency.objects.values_list("pk", flat=True))
    sections = [organisation_section_ensure(organisation=o, catalogue=catalogue) for o in organisations]
    course_ids: list[int] = []
    lessons_by_course: dict[int, list[int]] = {}
    organisation_by_course: dict[int, int] = {}
    for index, section in enumerate(sections):
        numbers = range(index + 1, courses + 1, len(sections))
        new_courses = [
            CoursePage(
                title=f"{TOPICS[number % len(TOPICS)]} ({number})",
                slug=f"formation-{number:04d}",
                organisation_id=section.organisation_id,
                summary="Un module court pour progresser dans son métier de médiateur numérique.",
                objectives="Situer son rôle\nAdapter sa posture\nOrienter vers la bonne structure",
                duration_hours=Decimal(rng.choice(["2", "3.5", "4", "7", "14"])),
                modality=rng.choice(Modality.values),
                level=rng.choice(Level.values),
                theme=rng.choice(themes),
            )
            for number in numbers
        ]
        pages_bulk_add(parent=section, pages=new_courses, numchild=lessons_per_course)
        lessons = [
            [
                LessonPage(
                    title=f"Leçon {step} — {course.title}"[:255],
                    slug=f"lecon-{step}",
                    summary="Repères, exemple et mise en situation.",
                    duration_minutes=rng.choice([10, 15, 20, 30]),
                    body=_lesson_body(rng, f"Leçon {step}"),
                )
                for step in range(1, lessons_per_course + 1)
            ]
            for course in new_courses
        ]
        pages_bulk_add_under_each(parents=new_courses, children=lessons)
        for course, course_lessons in zip(new_courses, lessons, strict=True):
            course_ids.append(course.pk)
            lessons_by_course[course.pk] = [lesson.pk for lesson in course_lessons]
            organisation_by_course[course.pk] = section.organisation_id
    _link_competencies(rng=rng, course_ids=course_ids, competency_ids=competency_ids)
    return Catalogue(course_ids, lessons_by_course, organisation_by_course)


def _link_competencies(*, rng: random.Random, course_ids: list[int], competency_ids: list[int]) -> None:
    if not competency_ids:
        return
    through = CoursePage.competencies.through
    rows = [
        through(coursepage_id=course_id, competency_id=competency_id)
        for course_id in course_ids
        for competency_id in rng.sample(competency_ids, min(3, len(competency_ids)))
    ]
    through.objects.bulk_create(rows, batch_size=2000)
