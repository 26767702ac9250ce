"""Builders for assessment tests: questions of every type (fixed ids), assessments, learners and trainers."""

import copy
from dataclasses import dataclass, field

from assessments.models import AssessmentPage, AssessmentQuestion, Question
from courses.models import CoursePage
from lms.accounts.models import Organisation, User
from lms.accounts.roles import OrganisationRole
from lms.accounts.services import membership_create
from tests.accounts_tests.factories import OrganisationFactory, UserFactory
from tests.courses_tests.factories import make_course, make_framework, make_section

RUBRIC = {
    "criteria": [
        {
            "title": "Analyse",
            "levels": [
                {"label": "Insuffisant", "points": 0, "descriptor": "Absente"},
                {"label": "Satisfaisant", "points": 2, "descriptor": "Un défaut identifié"},
                {"label": "Très satisfaisant", "points": 4, "descriptor": "Tous les défauts"},
            ],
        },
        {
            "title": "Proposition",
            "levels": [
                {"label": "Insuffisant", "points": 0, "descriptor": "Aucune"},
                {"label": "Satisfaisant", "points": 2, "descriptor": "Partielle"},
                {"label": "Très satisfaisant", "points": 4, "descriptor": "Complète"},
            ],
        },
    ]
}

CONFIGS = {
    "single_choice": {
        "choices": [
            {"id": "sa", "text": "Objectif observable", "correct": True, "feedback": "FEEDBACK-SC-RIGHT"},
            {"id": "sb", "text": "Sensibiliser", "correct": False, "feedback": "FEEDBACK-SC-WRONG"},
            {"id": "sc", "text": "Découvrir", "correct": False, "feedback": "FEEDBACK-SC-WRONG2"},
        ]
    },
    "multiple_choice": {
        "scoring": "partial",
        "choices": [
            {"id": "ma", "text": "Envoyer", "correct": True, "feedback": "FEEDBACK-MC-A"},
            {"id": "mb", "text": "Repérer", "correct": True, "feedback": "FEEDBACK-MC-B"},
            {"id": "mc", "text": "Enregistrer", "correct": True, "feedback": "FEEDBACK-MC-C"},
            {"id": "md", "text": "Comprendre", "correct": False, "feedback": "FEEDBACK-MC-D"},
        ],
    },
    "true_false": {"answer": False, "feedback_true": "FEEDBACK-TF-TRUE", "feedback_false": "FEEDBACK-TF-FALSE"},
    "short_answer": {"accepted": ["Facile à lire et à comprendre", "FALC"], "feedback_correct": "FEEDBACK-SA"},
    "numeric": {"answer": 40, "tolerance": 5, "unit": "minutes"},
    "ordering": {
        "scoring": "partial",
        "items": [
            {"id": "o1", "text": "Accueil"},
            {"id": "o2", "text": "Démonstration"},
            {"id": "o3", "text": "Pratique"},
            {"id": "o4", "text": "Bilan"},
        ],
    },
    "matching": {
        "scoring": "partial",
        "pairs": [
            {"id": "l1", "left": "Question hors sujet", "right_id": "r1", "right": "La noter au parking"},
            {"id": "l2", "left": "Découragement", "right_id": "r2", "right": "Revenir à l'étape réussie"},
            {"id": "l3", "left": "Panne du Wi-Fi", "right_id": "r3", "right": "Passer au plan B"},
        ],
        "distractors": [{"id": "r9", "text": "Arrêter l'atelier"}],
    },
    "open_response": {"max_length": 500, "rubric": RUBRIC},
    "file_assignment": {"accepted_formats": ["pdf", "odt", "docx"], "rubric": RUBRIC},
}

AUTO_KINDS = ["single_choice", "multiple_choice", "true_false", "short_answer", "numeric", "ordering", "matching"]
# A fully right answer for each automatic kind, as the JSON autosave endpoint takes it.
RIGHT_ANSWERS = {
    "single_choice": "sa",
    "multiple_choice": ["ma", "mb", "mc"],
    "true_false": False,
    "short_answer": "  facile a LIRE et a comprendre ",
    "numeric": 42,
    "ordering": {"o1": 1, "o2": 2, "o3": 3, "o4": 4},
    "matching": {"l1": "r1", "l2": "r2", "l3": "r3"},
}


def framework_competencies() -> dict:
    """Return two competencies of the same block (CP1, CP3) and one of another (CP5), bundled or built."""
    from lms.frameworks.models import Competency

    bundled = {
        c.code: c for c in Competency.objects.filter(framework__code="REMN-2019", code__in=["CP1", "CP3", "CP5"])
    }
    if len(bundled) == 3:
        return bundled
    return make_framework()


def make_question(organisation: Organisation, kind: str = "single_choice", *, competencies=(), **fields) -> Question:
    question = Question(
        organisation=organisation,
        kind=kind,
        prompt=fields.pop("prompt", f"Énoncé de la question {kind}"),
        config=copy.deepcopy(fields.pop("config", CONFIGS[kind])),
        explanation=fields.pop("explanation", f"EXPLANATION-{kind}"),
        **fields,
    )
    question.full_clean()
    question.save()
    question.competencies.set(competencies)
    return question


def make_assessment(course: CoursePage, *, questions=(), slug: str = "evaluation", **fields) -> AssessmentPage:
    page = AssessmentPage(title=fields.pop("title", "Évaluation finale"), slug=slug, **fields)
    page.question_links = [AssessmentQuestion(question=question, sort_order=i) for i, question in enumerate(questions)]
    course.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def member(organisation: Organisation, role: str) -> User:
    user = UserFactory()
    membership_create(user=user, organisation=organisation, role=role)
    return user


@dataclass
class QuizSetup:
    organisation: Organisation
    course: CoursePage
    assessment: AssessmentPage
    questions: dict[str, Question]
    competencies: dict
    learner: User
    trainer: User
    author: User
    extra: dict = field(default_factory=dict)


def make_quiz_setup(catalogue, *, kinds=None, **assessment_fields) -> QuizSetup:
    """Return an organisation's course with an assessment of one question per kind in ``kinds``."""
    organisation = OrganisationFactory()
    refs = framework_competencies()
    course = make_course(make_section(catalogue, organisation), slug="atelier", competencies=[refs["CP1"], refs["CP3"]])
    questions = {}
    for index, kind in enumerate(kinds or AUTO_KINDS):
        # Alternate the alignment so competencies get different scores.
        aligned = [refs["CP1"]] if index % 2 == 0 else [refs["CP1"], refs["CP3"]]
        questions[kind] = make_question(organisation, kind, competencies=aligned)
    assessment_fields.setdefault("shuffle_choices", False)
    assessment = make_assessment(course, questions=list(questions.values()), **assessment_fields)
    return QuizSetup(
        organisation=organisation,
        course=course,
        assessment=assessment,
        questions=questions,
        competencies=refs,
        learner=UserFactory(),
        trainer=member(organisation, OrganisationRole.TRAINER),
        author=member(organisation, OrganisationRole.AUTHOR),
    )
