"""Rubrics (criteria × levels) of the types graded by a person: validation, points and mastery.

A grade picks one level per criterion. Its points are the question's ``points`` scaled by the
share of the rubric's maximum the chosen levels add up to. A criterion is *mastered* when the
chosen level is worth at least its mastery level: the level flagged ``"mastery": true``, else the
one labelled « Satisfaisant », else the top level. All criteria mastered = the competencies aligned
to the question are demonstrated (see ``assessments.services.competencies``).
"""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from ..errors import GradingError, GradingErrorCode
from .base import QuestionType, Score, config_error, quantize, require_text
from .short_answer import normalise

MAX_CRITERIA = 10
MAX_LEVELS = 6
MASTERY_LABEL = "satisfaisant"

RUBRIC_EXAMPLE = {
    "criteria": [
        {
            "title": "Critère",
            "levels": [
                {"label": "Insuffisant", "points": 0, "descriptor": "…"},
                {"label": "Satisfaisant", "points": 2, "descriptor": "…"},
                {"label": "Très satisfaisant", "points": 4, "descriptor": "…"},
            ],
        }
    ]
}


def validate_rubric(rubric: Any) -> None:
    """Raise a config error unless ``rubric`` has 1–10 criteria of 2–6 well-formed levels."""
    if not isinstance(rubric, dict) or rubric.keys() != {"criteria"}:
        raise config_error(_("La grille (« rubric ») contient uniquement la liste « criteria »."))
    criteria = rubric["criteria"]
    if not isinstance(criteria, list) or not 1 <= len(criteria) <= MAX_CRITERIA:
        raise config_error(_("La grille compte entre 1 et %(max)s critères."), max=MAX_CRITERIA)
    for criterion in criteria:
        if not isinstance(criterion, dict) or criterion.keys() != {"title", "levels"}:
            raise config_error(_("Chaque critère a un titre (« title ») et des niveaux (« levels »)."))
        require_text(criterion["title"], label=_("titre du critère"), max_length=200)
        levels = criterion["levels"]
        if not isinstance(levels, list) or not 2 <= len(levels) <= MAX_LEVELS:
            raise config_error(_("Chaque critère compte entre 2 et %(max)s niveaux."), max=MAX_LEVELS)
        for level in levels:
            if not isinstance(level, dict) or not {"label", "points"} <= level.keys():
                raise config_error(_("Chaque niveau a un libellé (« label ») et des points (« points »)."))
            if level.keys() - {"label", "points", "descriptor", "mastery"}:
                raise config_error(_("Un niveau contient des champs inconnus."))
            require_text(level["label"], label=_("libellé du niveau"), max_length=80)
            require_text(level.get("descriptor", ""), label=_("descripteur"), blank=True)
            points = level["points"]
            if isinstance(points, bool) or not isinstance(points, int | float) or not 0 <= points <= 100:
                raise config_error(_("Les points d'un niveau vont de 0 à 100."))
            if not isinstance(level.get("mastery", False), bool):
                raise config_error(_("« mastery » vaut true ou false."))
        if len({normalise(level["label"]) for level in levels}) != len(levels):
            raise config_error(_("Deux niveaux d'un même critère portent le même libellé."))
    if rubric_max(rubric) <= 0:
        raise config_error(_("La grille doit rapporter des points."))


def rubric_max(rubric: dict) -> Decimal:
    return sum((Decimal(str(max(level["points"] for level in c["levels"]))) for c in rubric["criteria"]), Decimal(0))


def mastery_index(criterion: dict) -> int:
    """Return the index of the level from which ``criterion`` counts as mastered."""
    levels = criterion["levels"]
    for index, level in enumerate(levels):
        if level.get("mastery"):
            return index
    for index, level in enumerate(levels):
        if normalise(level["label"]) == MASTERY_LABEL:
            return index
    return max(range(len(levels)), key=lambda index: levels[index]["points"])


def check_levels(rubric: dict, levels: Any) -> list[int]:
    """Return ``levels`` (one level index per criterion) or raise ``GradingError``."""
    criteria = rubric["criteria"]
    if (
        not isinstance(levels, list)
        or len(levels) != len(criteria)
        or any(isinstance(i, bool) or not isinstance(i, int) for i in levels)
        or any(not 0 <= i < len(c["levels"]) for i, c in zip(levels, criteria, strict=True))
    ):
        raise GradingError.of(GradingErrorCode.LEVELS_INVALID)
    return levels


def rubric_raw_points(rubric: dict, levels: list[int]) -> Decimal:
    return sum(
        (Decimal(str(c["levels"][i]["points"])) for i, c in zip(levels, rubric["criteria"], strict=True)), Decimal(0)
    )


def mastery_reached(rubric: dict, levels: list[int]) -> bool:
    """Return whether every criterion is at its mastery level or above (by points)."""
    return all(
        c["levels"][i]["points"] >= c["levels"][mastery_index(c)]["points"]
        for i, c in zip(levels, rubric["criteria"], strict=True)
    )


class RubricQuestionType(QuestionType):
    """Base of the types a trainer grades with the question's rubric."""

    manual = True

    def validate_rubric(self, config: dict) -> None:
        validate_rubric(config.get("rubric"))

    def score(self, question, answer: Any) -> Score:
        maximum = self.max_points(question)
        if answer is None:
            # Nothing to read: zero without bothering a trainer.
            return Score(points=Decimal("0.00"), max_points=maximum, correct=False)
        return Score(points=None, max_points=maximum, correct=None, needs_grading=True)

    def grade_points(self, question, levels: list[int]) -> Decimal:
        """Return the points ``levels`` earn, scaled to the question's points."""
        rubric = question.config["rubric"]
        levels = check_levels(rubric, levels)
        return quantize(self.max_points(question) * rubric_raw_points(rubric, levels) / rubric_max(rubric))

    def rubric_payload(self, question) -> dict:
        return question.config["rubric"]
