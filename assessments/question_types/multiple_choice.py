"""Multiple choice: several correct propositions, scored all-or-nothing or with partial credit.

Partial credit is "right minus wrong": (correct ticked − incorrect ticked) / number of correct
propositions, never below zero, rounded to hundredths. Ticking everything therefore earns nothing
more than ticking nothing when there are as many wrong propositions as right ones.
"""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from .base import Score, config_error, require_scoring
from .choices import ChoiceQuestionType


class MultipleChoice(ChoiceQuestionType):
    key = "multiple_choice"
    label = _("Choix multiple")
    input_template = "assessments/question_types/multiple_choice.html"
    allowed_keys = {"choices", "scoring"}
    multiple_values = True
    config_example = {
        "scoring": "partial",
        "choices": [
            {"text": "Bonne réponse", "correct": True, "feedback": "Oui : …"},
            {"text": "Autre bonne réponse", "correct": True, "feedback": "Oui : …"},
            {"text": "Mauvaise réponse", "correct": False, "feedback": "Non : …"},
        ],
    }

    def validate_config(self, config: Any) -> None:
        super().validate_config(config)
        require_scoring(config)

    def validate_correct_count(self, count: int) -> None:
        if count < 1:
            raise config_error(_("Indiquez au moins une bonne réponse."))

    def parse_answer(self, question, raw: Any) -> list[str] | None:
        if raw is None:
            return None
        if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
            raise self.wrong_type(_("une liste d'identifiants de propositions"))
        if len(set(raw)) != len(raw):
            raise self.refuse(self.codes.DUPLICATE_CHOICE)
        if not set(raw) <= self.choice_ids(question):
            raise self.refuse(self.codes.UNKNOWN_CHOICE)
        return sorted(raw) or None

    def parse_form(self, question, data, name: str) -> Any:
        values = data.getlist(name)
        return values or None

    def selected_ids(self, answer: Any) -> set[str]:
        return set(answer or ())

    def score(self, question, answer: Any) -> Score:
        chosen = self.selected_ids(answer)
        correct_ids = {c["id"] for c in question.config["choices"] if c["correct"]}
        if question.config.get("scoring", "partial") == "all_or_nothing":
            return self.full_or_nothing(question, chosen == correct_ids)
        hits = len(chosen & correct_ids)
        misses = len(chosen - correct_ids)
        return self.fraction_score(question, Decimal(hits - misses) / Decimal(len(correct_ids)))
