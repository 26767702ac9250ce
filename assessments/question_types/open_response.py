"""Open response: a written answer a trainer grades with the question's rubric."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from .base import Review, config_error, require_keys
from .rubric import RUBRIC_EXAMPLE, RubricQuestionType

HARD_MAX_LENGTH = 20_000
DEFAULT_MAX_LENGTH = 3000


class OpenResponse(RubricQuestionType):
    key = "open_response"
    label = _("Réponse rédigée (corrigée par un formateur)")
    input_template = "assessments/question_types/open_response.html"
    config_example = {"max_length": DEFAULT_MAX_LENGTH, "rubric": RUBRIC_EXAMPLE}

    def validate_config(self, config: Any) -> None:
        require_keys(config, allowed={"max_length", "rubric"}, required={"rubric"})
        max_length = config.get("max_length", DEFAULT_MAX_LENGTH)
        if isinstance(max_length, bool) or not isinstance(max_length, int) or not 1 <= max_length <= HARD_MAX_LENGTH:
            raise config_error(_("« max_length » va de 1 à %(max)s caractères."), max=HARD_MAX_LENGTH)
        self.validate_rubric(config)

    def max_length(self, question) -> int:
        return question.config.get("max_length", DEFAULT_MAX_LENGTH)

    def parse_answer(self, question, raw: Any) -> str | None:
        if raw is None:
            return None
        if not isinstance(raw, str):
            raise self.wrong_type(_("un texte"))
        # Browsers count a line break as one character, the posted form sends two (CR LF).
        text = raw.replace("\r\n", "\n")
        if len(text) > self.max_length(question):
            raise self.refuse(self.codes.TOO_LONG, max=self.max_length(question))
        return text.strip() or None

    def public_payload(self, question, shuffle_seed: int | None) -> dict:
        return {"max_length": self.max_length(question), "rubric": self.rubric_payload(question)}

    def review_payload(self, question, answer: Any, *, reveal: bool) -> Review:
        return Review(response=answer or "")
