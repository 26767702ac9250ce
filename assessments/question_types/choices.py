"""What single and multiple choice share: a list of choices with a correctness flag and a feedback."""

import abc
from typing import Any

from django.utils.translation import gettext_lazy as _

from .base import (
    MAX_TEXT,
    QuestionType,
    Review,
    ReviewRow,
    config_error,
    new_id,
    require_keys,
    require_text,
    require_unique_ids,
    seeded_random,
)

MAX_CHOICES = 12


class ChoiceQuestionType(QuestionType):
    """Base of the types whose config is ``{"choices": [{"id", "text", "correct", "feedback"}]}``."""

    allowed_keys = {"choices"}

    def prepare_config(self, config: dict) -> dict:
        if isinstance(config, dict) and isinstance(config.get("choices"), list):
            for choice in config["choices"]:
                if isinstance(choice, dict) and not choice.get("id"):
                    choice["id"] = new_id()
        return config

    def validate_config(self, config: Any) -> None:
        require_keys(config, allowed=self.allowed_keys, required={"choices"})
        choices = config["choices"]
        if not isinstance(choices, list) or not 2 <= len(choices) <= MAX_CHOICES:
            raise config_error(_("Prévoyez entre 2 et %(max)s propositions."), max=MAX_CHOICES)
        for choice in choices:
            if not isinstance(choice, dict) or not {"id", "text", "correct"} <= choice.keys():
                raise config_error(_("Chaque proposition a un identifiant, un texte et l'indication « correct »."))
            if choice.keys() - {"id", "text", "correct", "feedback"}:
                raise config_error(_("Une proposition contient des champs inconnus."))
            require_text(choice["text"], label=_("texte de la proposition"))
            require_text(choice.get("feedback", ""), label=_("retour"), max_length=MAX_TEXT, blank=True)
            if not isinstance(choice["correct"], bool):
                raise config_error(_("« correct » vaut true ou false."))
        require_unique_ids(choices)
        self.validate_correct_count(sum(choice["correct"] for choice in choices))

    @abc.abstractmethod
    def validate_correct_count(self, count: int) -> None:
        """Raise ``ValidationError`` unless ``count`` correct propositions suit this type."""

    def choice_ids(self, question) -> set[str]:
        return {choice["id"] for choice in question.config["choices"]}

    def public_payload(self, question, shuffle_seed: int | None) -> dict:
        choices = [{"id": c["id"], "text": c["text"]} for c in question.config["choices"]]
        if shuffle_seed is not None:
            seeded_random(shuffle_seed, question.pk).shuffle(choices)
        return {"choices": choices}

    @abc.abstractmethod
    def selected_ids(self, answer: Any) -> set[str]:
        """Return the ids of the propositions the normalised ``answer`` selects."""

    def review_payload(self, question, answer: Any, *, reveal: bool) -> Review:
        selected = self.selected_ids(answer)
        rows = [
            ReviewRow(
                text=choice["text"],
                selected=choice["id"] in selected,
                is_correct=choice["correct"] if reveal else None,
                feedback=choice.get("feedback", "")
                if reveal and (choice["id"] in selected or choice["correct"])
                else "",
            )
            for choice in question.config["choices"]
        ]
        solution = ""
        if reveal:
            solution = " ; ".join(choice["text"] for choice in question.config["choices"] if choice["correct"])
        return Review(rows=rows, solution=solution)
