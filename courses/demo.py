"""Load the four demo courses from ``demo_content/*.yaml`` (idempotent: existing courses are kept)."""

import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction

from lms.accounts.models import Organisation
from lms.frameworks.models import Competency, Theme

from .models import CoursePage, LessonPage, OrganisationSectionPage

DEMO_CONTENT_DIR = Path(__file__).resolve().parent / "demo_content"


@dataclass
class DemoCoursesReport:
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def demo_course_files() -> list[Path]:
    return sorted(DEMO_CONTENT_DIR.glob("*.yaml"))


def competencies_from_references(references: list[str]) -> list[Competency]:
    """Return the competencies named ``FRAMEWORK/BLOCK/CODE``; raise on an unknown reference."""
    found = []
    for reference in references:
        framework_code, block_code, code = reference.split("/")
        competency = Competency.objects.filter(
            framework__code=framework_code, block__code=block_code, code=code
        ).first()
        if competency is None:
            raise ValueError(f"Unknown competency reference {reference!r}: run import_frameworks first.")
        found.append(competency)
    return found


@transaction.atomic
def demo_course_load(*, data: dict, organisations: dict[str, Organisation]) -> tuple[CoursePage, bool]:
    """Create and publish one demo course with its lessons, unless a course with its slug exists."""
    organisation = organisations[data["organisation"]]
    section = OrganisationSectionPage.objects.get(organisation=organisation)
    existing = CoursePage.objects.child_of(section).filter(slug=data["slug"]).first()
    if existing is not None:
        return existing.specific, False
    course = CoursePage(
        title=data["title"],
        slug=data["slug"],
        summary=data["summary"].strip(),
        objectives="\n".join(data.get("objectives", [])),
        duration_hours=data["duration_hours"],
        required_live_sessions=data.get("required_live_sessions", 0),
        modality=data.get("modality", "online"),
        level=data.get("level", "beginner"),
        theme=Theme.objects.get(code=data["theme"]),
        organisation=organisation,
    )
    section.add_child(instance=course)
    course.competencies.set(competencies_from_references(data.get("competencies", [])))
    course.save_revision().publish()
    for lesson_data in data["lessons"]:
        lesson = LessonPage(
            title=lesson_data["title"],
            slug=lesson_data["slug"],
            summary=lesson_data.get("summary", "").strip(),
            duration_minutes=lesson_data.get("duration_minutes", 20),
            body=json.dumps(lesson_data.get("body", [])),
        )
        course.add_child(instance=lesson)
        lesson.save_revision().publish()
    return course, True


def demo_courses_load(*, organisations: dict[str, Organisation]) -> DemoCoursesReport:
    report = DemoCoursesReport()
    for path in demo_course_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        course, created = demo_course_load(data=data, organisations=organisations)
        (report.created if created else report.kept).append(course.title)
    return report
