"""Short answer: free text compared with accepted answers, ignoring case, accents and spacing.

Both sides are normalised the same way: Unicode NFKD, combining marks dropped (é → e), case folded
(ß → ss), surrounding spaces stripped and inner runs of spaces collapsed to one.
"""

import re
import unicodedata
from typing import Any

from django.utils.translation import gettext_lazy as _

from .base import MAX_TEXT, QuestionType, Review, Score, config_error, require_keys, require_text

MAX_LENGTH = 200
MAX_ACCEPTED = 30
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Return ``text`` without accents, case or surrounding/double spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SPACES.sub(" ", bare.casefold()).strip()


class ShortAnswer(QuestionType):
    key = "short_answer"
    label = _("Réponse courte")
    input_template = "assessments/question_types/short_answer.html"
    config_example = {"accepted": ["FranceConnect", "France Connect"], "feedback_correct": "", "feedback_incorrect": ""}

    def validate_config(self, config: Any) -> None:
        require_keys(config, allowed={"accepted", "feedback_correct", "feedback_incorrect"}, required={"accepted"})
        accepted = config["accepted"]
        if not isinstance(accepted, list) or not 1 <= len(accepted) <= MAX_ACCEPTED:
            raise config_error(_("Donnez entre 1 et %(max)s réponses acceptées."), max=MAX_ACCEPTED)
        for text in accepted:
            require_text(text, label=_("réponse acceptée"), max_length=MAX_LENGTH)
        for key in ("feedback_correct", "feedback_incorrect"):
            require_text(config.get(key, ""), label=key, max_length=MAX_TEXT, blank=True)

    def parse_answer(self, question, raw: Any) -> str | None:
        if raw is None:
            return None
        if not isinstance(raw, str):
            raise self.wrong_type(_("un texte"))
        if len(raw) > MAX_LENGTH:
            raise self.refuse(self.codes.TOO_LONG, max=MAX_LENGTH)
        return raw.strip() or None

    def is_accepted(self, question, answer: str | None) -> bool:
        if not answer:
            return False
        return normalise(answer) in {normalise(text) for text in question.config["accepted"]}

    def _feedback(self, question, correct: bool) -> str:
        return question.config.get("feedback_correct" if correct else "feedback_incorrect", "")

    def score(self, question, answer: Any) -> Score:
        correct = self.is_accepted(question, answer)
        return self.full_or_nothing(question, correct, self._feedback(question, correct) if answer else "")

    def public_payload(self, question, shuffle_seed: int | None) -> dict:
        return {"max_length": MAX_LENGTH}

    def review_payload(self, question, answer: Any, *, reveal: bool) -> Review:
        correct = self.is_accepted(question, answer)
        return Review(
            response=answer or "",
            solution=question.config["accepted"][0] if reveal else "",
            feedback=self._feedback(question, correct) if reveal and answer else "",
        )
