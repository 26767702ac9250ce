"""True or false: one statement, answered with a JSON boolean."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from .base import MAX_TEXT, QuestionType, Review, ReviewRow, Score, config_error, require_keys, require_text

TRUE_LABEL = _("Vrai")
FALSE_LABEL = _("Faux")


class TrueFalse(QuestionType):
    key = "true_false"
    label = _("Vrai ou faux")
    input_template = "assessments/question_types/true_false.html"
    config_example = {"answer": False, "feedback_true": "Non : …", "feedback_false": "Exact : …"}

    def validate_config(self, config: Any) -> None:
        require_keys(config, allowed={"answer", "feedback_true", "feedback_false"}, required={"answer"})
        if not isinstance(config["answer"], bool):
            raise config_error(_("« answer » vaut true ou false."))
        for key in ("feedback_true", "feedback_false"):
            require_text(config.get(key, ""), label=key, max_length=MAX_TEXT, blank=True)

    def parse_answer(self, question, raw: Any) -> bool | None:
        if raw is None:
            return None
        if not isinstance(raw, bool):
            raise self.wrong_type(_("vrai ou faux"))
        return raw

    def parse_form(self, question, data, name: str) -> Any:
        value = data.get(name, "")
        # The form posts strings; anything but these two is passed on as is and refused by parse_answer.
        return {"true": True, "false": False, "": None}.get(value, value)

    def _feedback(self, question, answer: bool | None) -> str:
        if answer is None:
            return ""
        return question.config.get("feedback_true" if answer else "feedback_false", "")

    def score(self, question, answer: Any) -> Score:
        return self.full_or_nothing(question, answer is question.config["answer"], self._feedback(question, answer))

    def public_payload(self, question, shuffle_seed: int | None) -> dict:
        return {"options": [{"id": "true", "text": str(TRUE_LABEL)}, {"id": "false", "text": str(FALSE_LABEL)}]}

    def review_payload(self, question, answer: Any, *, reveal: bool) -> Review:
        expected = question.config["answer"]
        rows = [
            ReviewRow(text=str(label), selected=answer is value, is_correct=(value is expected) if reveal else None)
            for value, label in ((True, TRUE_LABEL), (False, FALSE_LABEL))
        ]
        return Review(
            rows=rows,
            solution=str(TRUE_LABEL if expected else FALSE_LABEL) if reveal else "",
            feedback=self._feedback(question, answer) if reveal else "",
        )
