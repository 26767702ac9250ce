"""Load the demo assessments from the ``assessment:`` section of each demo course file (idempotent).

Runs after ``courses.demo.demo_courses_load``: for each course it creates the questions in the bank
of the course's organisation (reference ``<course slug>-qNN``, kept if it exists) and a published
``AssessmentPage`` under the course with the slug ``evaluation`` (kept if it exists).
"""

from dataclasses import dataclass, field

import yaml
from django.db import transaction

from courses.demo import competencies_from_references, demo_course_files
from courses.models import CoursePage

from .models import AssessmentPage, AssessmentQuestion, Question, ShowAnswers

ASSESSMENT_SLUG = "evaluation"
# Weight of the questions a trainer grades, against 1 point for each automatic one.
DEMO_POINTS = {"open_response": 3, "file_assignment": 5}
INTRO = (
    "<p>Cette évaluation vérifie les compétences visées par la formation. Vos réponses sont enregistrées "
    "au fur et à mesure : vous pouvez reprendre plus tard. Les réponses rédigées et les devoirs sont "
    "corrigés par un formateur, avec la grille affichée sous la question.</p>"
)


@dataclass
class DemoAssessmentsReport:
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _choices(entries: list[dict]) -> list[dict]:
    return [
        {"text": entry["text"], "correct": bool(entry.get("correct")), "feedback": entry.get("feedback", "")}
        for entry in entries
    ]


def question_config(data: dict) -> dict:
    """Return the ``config`` of a question from its demo-file entry."""
    kind = data["type"]
    if kind in ("single_choice", "multiple_choice"):
        config = {"choices": _choices(data["choices"])}
        if kind == "multiple_choice":
            config["scoring"] = data.get("scoring", "partial")
        return config
    if kind == "true_false":
        return {
            "answer": bool(data["answer"]),
            "feedback_true": data.get("feedback_true", ""),
            "feedback_false": data.get("feedback_false", ""),
        }
    if kind == "short_answer":
        return {"accepted": [str(text) for text in data["accepted"]]}
    if kind == "numeric":
        return {"answer": data["answer"], "tolerance": data.get("tolerance", 0), "unit": data.get("unit") or ""}
    if kind == "ordering":
        return {"items": list(data["items"]), "scoring": data.get("scoring", "partial")}
    if kind == "matching":
        return {"pairs": [{"left": p["left"], "right": p["right"]} for p in data["pairs"]], "scoring": "partial"}
    if kind == "open_response":
        return {"max_length": data.get("max_length", 3000), "rubric": data["rubric"]}
    if kind == "file_assignment":
        return {"accepted_formats": list(data["accepted_formats"]), "rubric": data["rubric"]}
    raise ValueError(f"Unknown question type {kind!r} in the demo data.")


def _question_ensure(*, course: CoursePage, number: int, data: dict) -> Question:
    code = f"{course.slug}-q{number:02d}"[:80]
    existing = Question.objects.filter(organisation_id=course.organisation_id, code=code).first()
    if existing is not None:
        return existing
    question = Question(
        organisation_id=course.organisation_id,
        kind=data["type"],
        prompt=data["prompt"].strip(),
        difficulty=data.get("difficulty", 1),
        points=DEMO_POINTS.get(data["type"], 1),
        explanation=(data.get("explanation") or "").strip(),
        config=question_config(data),
        code=code,
    )
    question.full_clean()
    question.save()
    question.competencies.set(competencies_from_references(data.get("competencies", [])))
    return question


@transaction.atomic
def demo_assessment_load(*, data: dict) -> tuple[AssessmentPage | None, bool]:
    """Create the demo assessment of one course file; return (page, created), or (None, False) without course."""
    section = data.get("assessment")
    course = CoursePage.objects.filter(slug=data["slug"], organisation__slug=data["organisation"]).first()
    if not section or course is None:
        return None, False
    questions = [
        _question_ensure(course=course, number=number, data=entry)
        for number, entry in enumerate(section["questions"], start=1)
    ]
    existing = AssessmentPage.objects.child_of(course).filter(slug=ASSESSMENT_SLUG).first()
    if existing is not None:
        return existing.specific, False
    page = AssessmentPage(
        title=section["title"],
        slug=ASSESSMENT_SLUG,
        intro=INTRO,
        pass_mark=section.get("pass_mark", 70),
        attempts_allowed=section.get("attempts_allowed", 3),
        time_limit_minutes=section.get("time_limit_minutes", 0),
        show_answers=ShowAnswers.AFTER_ATTEMPT,
        shuffle_choices=True,
        required_for_completion=True,
    )
    page.question_links = [AssessmentQuestion(question=q, sort_order=i) for i, q in enumerate(questions)]
    course.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def demo_assessments_load() -> DemoAssessmentsReport:
    """Load the assessments of every demo course file; safe to run again."""
    report = DemoAssessmentsReport()
    for path in demo_course_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        page, created = demo_assessment_load(data=data)
        if page is None:
            report.skipped.append(data.get("slug", path.stem))
        else:
            (report.created if created else report.kept).append(page.title)
    return report
