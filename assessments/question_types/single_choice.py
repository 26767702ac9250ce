"""Single choice: exactly one correct proposition, answered with its id."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from .base import Score, config_error
from .choices import ChoiceQuestionType


class SingleChoice(ChoiceQuestionType):
    key = "single_choice"
    label = _("Choix unique")
    input_template = "assessments/question_types/single_choice.html"
    config_example = {
        "choices": [
            {"text": "Bonne réponse", "correct": True, "feedback": "Exact : …"},
            {"text": "Autre proposition", "correct": False, "feedback": "Non : …"},
        ]
    }

    def validate_correct_count(self, count: int) -> None:
        if count != 1:
            raise config_error(_("Une question à choix unique a exactement une bonne réponse."))

    def parse_answer(self, question, raw: Any) -> str | None:
        if raw is None:
            return None
        if not isinstance(raw, str):
            raise self.wrong_type(_("l'identifiant d'une proposition"))
        if raw not in self.choice_ids(question):
            raise self.refuse(self.codes.UNKNOWN_CHOICE)
        return raw

    def selected_ids(self, answer: Any) -> set[str]:
        return {answer} if answer else set()

    def score(self, question, answer: Any) -> Score:
        chosen = next((c for c in question.config["choices"] if c["id"] == answer), None)
        return self.full_or_nothing(
            question, bool(chosen and chosen["correct"]), chosen.get("feedback", "") if chosen else ""
        )
