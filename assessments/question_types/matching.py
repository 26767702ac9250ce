"""Matching: pair each left-hand prompt with a right-hand option, answered as ``{left_id: right_id}``.

Left and right ids are random and distinct, and the options are always shuffled, so the page never
lines a prompt up with its match. Optional distractors add options that match nothing. Partial
credit counts the right pairs; ``all_or_nothing`` requires them all.
"""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from .base import (
    QuestionType,
    Review,
    ReviewRow,
    Score,
    config_error,
    new_id,
    require_keys,
    require_scoring,
    require_text,
    require_unique_ids,
)
from .ordering import shuffled_not_identity

MAX_PAIRS = 12


class Matching(QuestionType):
    key = "matching"
    label = _("Appariement")
    input_template = "assessments/question_types/matching.html"
    config_example = {
        "scoring": "partial",
        "pairs": [{"left": "Situation A", "right": "Réponse A"}, {"left": "Situation B", "right": "Réponse B"}],
        "distractors": [{"text": "Réponse qui ne correspond à rien"}],
    }

    def prepare_config(self, config: dict) -> dict:
        if isinstance(config, dict):
            for pair in config.get("pairs") or []:
                if isinstance(pair, dict):
                    pair.setdefault("id", new_id())
                    pair.setdefault("right_id", new_id())
            for distractor in config.get("distractors") or []:
                if isinstance(distractor, dict):
                    distractor.setdefault("id", new_id())
        return config

    def validate_config(self, config: Any) -> None:
        require_keys(config, allowed={"pairs", "distractors", "scoring"}, required={"pairs"})
        pairs = config["pairs"]
        if not isinstance(pairs, list) or not 2 <= len(pairs) <= MAX_PAIRS:
            raise config_error(_("Prévoyez entre 2 et %(max)s paires."), max=MAX_PAIRS)
        for pair in pairs:
            if not isinstance(pair, dict) or pair.keys() != {"id", "left", "right_id", "right"}:
                raise config_error(_("Chaque paire a un texte à gauche et un texte à droite."))
            require_text(pair["left"], label=_("texte de gauche"))
            require_text(pair["right"], label=_("texte de droite"))
        distractors = config.get("distractors", [])
        if not isinstance(distractors, list) or len(distractors) > MAX_PAIRS:
            raise config_error(_("Au plus %(max)s distracteurs."), max=MAX_PAIRS)
        for distractor in distractors:
            if not isinstance(distractor, dict) or distractor.keys() != {"id", "text"}:
                raise config_error(_("Chaque distracteur a un texte."))
            require_text(distractor["text"], label=_("distracteur"))
        require_unique_ids(pairs)
        rights = [{"id": pair["right_id"]} for pair in pairs] + distractors
        require_unique_ids(pairs + rights)
        texts = [pair["right"].strip() for pair in pairs] + [d["text"].strip() for d in distractors]
        if len(set(texts)) != len(texts):
            raise config_error(_("Deux options de droite portent le même texte."))
        require_scoring(config)

    def options(self, question) -> list[dict]:
        config = question.config
        options = [{"id": pair["right_id"], "text": pair["right"]} for pair in config["pairs"]]
        return options + [{"id": d["id"], "text": d["text"]} for d in config.get("distractors", [])]

    def parse_answer(self, question, raw: Any) -> dict | None:
        if raw is None:
            return None
        if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
            raise self.wrong_type(_("une option choisie pour chaque élément"))
        lefts = {pair["id"] for pair in question.config["pairs"]}
        rights = {option["id"] for option in self.options(question)}
        if not raw.keys() <= lefts or not set(raw.values()) <= rights:
            raise self.refuse(self.codes.UNKNOWN_CHOICE)
        return dict(sorted(raw.items())) or None

    def form_field_names(self, question, name: str) -> set[str]:
        return {f"{name}-{pair['id']}" for pair in question.config["pairs"]}

    def parse_form(self, question, data, name: str) -> Any:
        answer = {}
        for pair in question.config["pairs"]:
            value = data.get(f"{name}-{pair['id']}", "")
            if value != "":
                answer[pair["id"]] = value
        return answer or None

    def score(self, question, answer: Any) -> Score:
        answer = answer or {}
        pairs = question.config["pairs"]
        right = sum(1 for pair in pairs if answer.get(pair["id"]) == pair["right_id"])
        if question.config.get("scoring", "partial") == "all_or_nothing":
            return self.full_or_nothing(question, right == len(pairs))
        return self.fraction_score(question, Decimal(right) / Decimal(len(pairs)))

    def public_payload(self, question, shuffle_seed: int | None) -> dict:
        lefts = [{"id": pair["id"], "text": pair["left"]} for pair in question.config["pairs"]]
        options = shuffled_not_identity(
            self.options(question), shuffle_seed if shuffle_seed is not None else 0, question.pk
        )
        return {"lefts": lefts, "options": options}

    def review_payload(self, question, answer: Any, *, reveal: bool) -> Review:
        answer = answer or {}
        texts = {option["id"]: option["text"] for option in self.options(question)}
        rows = [
            ReviewRow(
                text=pair["left"],
                detail=texts.get(answer.get(pair["id"]), "—"),
                is_correct=(answer.get(pair["id"]) == pair["right_id"]) if reveal else None,
                expected=pair["right"] if reveal else "",
            )
            for pair in question.config["pairs"]
        ]
        solution = (
            " ; ".join(f"{pair['left']} → {pair['right']}" for pair in question.config["pairs"]) if reveal else ""
        )
        return Review(rows=rows, solution=solution)
