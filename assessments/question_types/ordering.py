"""Ordering: put items in order, answered as ``{item_id: position}`` (positions from 1).

Items are always shown shuffled (never in the author's order, which is the solution) and item ids
are random, so neither the page nor the ids reveal the order. Partial credit counts the items at
their right position; ``all_or_nothing`` requires the whole order.
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
    seeded_random,
)

MAX_ITEMS = 12


def shuffled_not_identity(entries: list, seed: int | str, salt: object) -> list:
    """Return ``entries`` shuffled, and never in their original order when there are two or more."""
    result = list(entries)
    seeded_random(seed, salt).shuffle(result)
    if len(result) > 1 and result == list(entries):
        result = result[1:] + result[:1]
    return result


class Ordering(QuestionType):
    key = "ordering"
    label = _("Remise en ordre")
    input_template = "assessments/question_types/ordering.html"
    config_example = {"scoring": "partial", "items": ["Première étape", "Deuxième étape", "Troisième étape"]}

    def prepare_config(self, config: dict) -> dict:
        # Authors may write plain texts in the right order; each becomes {"id", "text"}.
        if isinstance(config, dict) and isinstance(config.get("items"), list):
            config["items"] = [
                {"id": new_id(), "text": item} if isinstance(item, str) else item for item in config["items"]
            ]
            for item in config["items"]:
                if isinstance(item, dict) and not item.get("id"):
                    item["id"] = new_id()
        return config

    def validate_config(self, config: Any) -> None:
        require_keys(config, allowed={"items", "scoring"}, required={"items"})
        items = config["items"]
        if not isinstance(items, list) or not 2 <= len(items) <= MAX_ITEMS:
            raise config_error(_("Prévoyez entre 2 et %(max)s éléments à ordonner."), max=MAX_ITEMS)
        for item in items:
            if not isinstance(item, dict) or item.keys() != {"id", "text"}:
                raise config_error(_("Chaque élément a un identifiant et un texte."))
            require_text(item["text"], label=_("élément"))
        require_unique_ids(items)
        require_scoring(config)

    def item_ids(self, question) -> list[str]:
        return [item["id"] for item in question.config["items"]]

    def parse_answer(self, question, raw: Any) -> dict | None:
        if raw is None:
            return None
        if not isinstance(raw, dict) or not all(isinstance(v, int) and not isinstance(v, bool) for v in raw.values()):
            raise self.wrong_type(_("une position (nombre entier) par élément"))
        if not raw.keys() <= set(self.item_ids(question)):
            raise self.refuse(self.codes.UNKNOWN_CHOICE)
        size = len(question.config["items"])
        if any(not 1 <= position <= size for position in raw.values()):
            raise self.refuse(self.codes.POSITION_OUT_OF_RANGE, max=size)
        if len(set(raw.values())) != len(raw):
            raise self.refuse(self.codes.DUPLICATE_POSITION)
        return dict(sorted(raw.items())) or None

    def form_field_names(self, question, name: str) -> set[str]:
        return {f"{name}-{item_id}" for item_id in self.item_ids(question)}

    def parse_form(self, question, data, name: str) -> Any:
        answer = {}
        for item_id in self.item_ids(question):
            value = data.get(f"{name}-{item_id}", "")
            if value == "":
                continue
            if not value.isdigit() or len(value) > 3:
                raise self.wrong_type(_("une position (nombre entier) par élément"))
            answer[item_id] = int(value)
        return answer or None

    def score(self, question, answer: Any) -> Score:
        answer = answer or {}
        ids = self.item_ids(question)
        placed = sum(1 for position, item_id in enumerate(ids, start=1) if answer.get(item_id) == position)
        if question.config.get("scoring", "partial") == "all_or_nothing":
            return self.full_or_nothing(question, placed == len(ids))
        return self.fraction_score(question, Decimal(placed) / Decimal(len(ids)))

    def public_payload(self, question, shuffle_seed: int | None) -> dict:
        items = [{"id": item["id"], "text": item["text"]} for item in question.config["items"]]
        shown = shuffled_not_identity(items, shuffle_seed if shuffle_seed is not None else 0, question.pk)
        return {"items": shown, "positions": list(range(1, len(items) + 1))}

    def review_payload(self, question, answer: Any, *, reveal: bool) -> Review:
        answer = answer or {}
        items = question.config["items"]
        order = sorted(items, key=lambda item: (answer.get(item["id"]) or len(items) + 1, item["id"]))
        expected = {item["id"]: position for position, item in enumerate(items, start=1)}
        rows = []
        for item in order:
            position = answer.get(item["id"])
            rows.append(
                ReviewRow(
                    text=item["text"],
                    detail=str(position) if position else "—",
                    is_correct=(position == expected[item["id"]]) if reveal else None,
                    expected=str(expected[item["id"]]) if reveal else "",
                )
            )
        solution = " → ".join(item["text"] for item in items) if reveal else ""
        return Review(rows=rows, solution=solution)
