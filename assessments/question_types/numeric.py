"""Numeric: a number within ``answer ± tolerance``, both bounds included, compared in decimal.

The JSON answer must be a JSON number (not a string, not a boolean); the quiz form's text field
accepts a decimal comma ("12,5") and is converted before the same check.
"""

import math
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _

from .base import MAX_TEXT, QuestionType, Review, Score, config_error, require_keys, require_text

MAX_ABS = Decimal("1e12")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def as_decimal(value: int | float) -> Decimal:
    # str() first so 0.1 stays 0.1 rather than its binary approximation.
    return Decimal(str(value))


def format_number(value: int | float | Decimal) -> str:
    number = value if isinstance(value, Decimal) else as_decimal(value)
    return format(number.normalize(), "f").replace(".", ",")


class Numeric(QuestionType):
    key = "numeric"
    label = _("Réponse numérique")
    input_template = "assessments/question_types/numeric.html"
    config_example = {"answer": 40, "tolerance": 5, "unit": "minutes", "feedback_correct": "", "feedback_incorrect": ""}

    def validate_config(self, config: Any) -> None:
        require_keys(
            config,
            allowed={"answer", "tolerance", "unit", "feedback_correct", "feedback_incorrect"},
            required={"answer"},
        )
        if not _is_number(config["answer"]) or abs(as_decimal(config["answer"])) >= MAX_ABS:
            raise config_error(_("« answer » doit être un nombre."))
        tolerance = config.get("tolerance", 0)
        if not _is_number(tolerance) or tolerance < 0:
            raise config_error(_("« tolerance » doit être un nombre positif ou nul."))
        require_text(config.get("unit", ""), label="unit", max_length=30, blank=True)
        for key in ("feedback_correct", "feedback_incorrect"):
            require_text(config.get(key, ""), label=key, max_length=MAX_TEXT, blank=True)

    def parse_answer(self, question, raw: Any) -> int | float | None:
        if raw is None:
            return None
        if not _is_number(raw):
            raise self.wrong_type(_("un nombre"))
        if abs(as_decimal(raw)) >= MAX_ABS:
            raise self.refuse(self.codes.NUMBER_OUT_OF_RANGE)
        return raw

    def parse_form(self, question, data, name: str) -> Any:
        text = data.get(name, "").strip().replace("\u202f", "").replace(" ", "").replace(",", ".")
        if not text:
            return None
        if len(text) > 40:
            raise self.refuse(self.codes.NOT_A_NUMBER)
        try:
            value = Decimal(text)
        except InvalidOperation as error:
            raise self.refuse(self.codes.NOT_A_NUMBER) from error
        if not value.is_finite():
            raise self.refuse(self.codes.NOT_A_NUMBER)
        return int(value) if value == value.to_integral_value() and "." not in text else float(value)

    def is_within(self, question, answer: int | float | None) -> bool:
        if answer is None:
            return False
        expected = as_decimal(question.config["answer"])
        tolerance = as_decimal(question.config.get("tolerance", 0))
        return abs(as_decimal(answer) - expected) <= tolerance

    def _feedback(self, question, correct: bool) -> str:
        return question.config.get("feedback_correct" if correct else "feedback_incorrect", "")

    def score(self, question, answer: Any) -> Score:
        correct = self.is_within(question, answer)
        return self.full_or_nothing(question, correct, self._feedback(question, correct) if answer is not None else "")

    def public_payload(self, question, shuffle_seed: int | None) -> dict:
        return {"unit": question.config.get("unit", "")}

    def review_payload(self, question, answer: Any, *, reveal: bool) -> Review:
        unit = question.config.get("unit", "")
        response = f"{format_number(answer)} {unit}".strip() if answer is not None else ""
        solution = ""
        if reveal:
            solution = format_number(question.config["answer"])
            if question.config.get("tolerance"):
                solution += f" ± {format_number(question.config['tolerance'])}"
            solution = f"{solution} {unit}".strip()
        correct = self.is_within(question, answer)
        return Review(
            response=response,
            solution=solution,
            feedback=self._feedback(question, correct) if reveal and answer is not None else "",
        )
