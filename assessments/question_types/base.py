"""The interface every question type implements, as django.contrib.sessions backends do.

A type owns the shape of a question's ``config`` (``validate_config``), turns what the learner sent
into a normalised answer (``parse_answer``), scores it on the server (``score``), and decides what
the page may show before submission (``public_payload``: never the solution) and after it
(``review_payload``). Adding a type means adding one module to this package and listing its class
in ``question_types.TYPE_CLASSES``.

Normalised answers are JSON values; ``None`` always means "not answered".
"""

import abc
import random
import re
import secrets
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..errors import AnswerError, AnswerErrorCode

TWO_PLACES = Decimal("0.01")
ID_RE = re.compile(r"^[a-z0-9]{1,16}$")
MAX_TEXT = 2000  # a choice, an item or a feedback text


@dataclass(frozen=True)
class Score:
    """The server's verdict on one answer. ``points`` is ``None`` while a person has to grade it."""

    points: Decimal | None
    max_points: Decimal
    correct: bool | None
    needs_grading: bool = False
    feedback: str = ""


@dataclass
class ReviewRow:
    """One line of the review: a proposition, the learner's mark on it and, if revealed, the verdict."""

    text: str
    selected: bool | None = None
    detail: str = ""
    is_correct: bool | None = None
    expected: str = ""
    feedback: str = ""


@dataclass
class Review:
    """What the results page shows for one answer; solution fields stay empty unless revealed."""

    response: str = ""
    rows: list[ReviewRow] = field(default_factory=list)
    solution: str = ""
    feedback: str = ""
    file_name: str = ""


def quantize(value: Decimal) -> Decimal:
    """Round points to hundredths, halves up (1/3 → 0.33, 2/3 → 0.67)."""
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def new_id() -> str:
    """Return a random id for a choice or an item, so ids never hint at the author's order."""
    return secrets.token_hex(4)


def seeded_random(seed: int | str, salt: object) -> random.Random:
    # A str seed is hashed deterministically by random.Random (unlike hash()).
    return random.Random(f"{seed}:{salt}")  # noqa: S311 - shuffling, not security


def config_error(message: str, **params: object) -> ValidationError:
    return ValidationError(str(message) % params if params else message, code="invalid_config")


class QuestionType(abc.ABC):
    """Score one kind of question. Subclasses are stateless singletons held by the registry."""

    key: ClassVar[str]
    label: ClassVar[str]
    #: Template that renders the inputs of the question inside the quiz form.
    input_template: ClassVar[str]
    #: Scored by a person with a rubric rather than by the server.
    manual: ClassVar[bool] = False
    #: The answer is a file sent as multipart data, never a JSON value.
    accepts_upload: ClassVar[bool] = False
    #: Shown to authors in the admin as the expected shape of ``config``.
    config_example: ClassVar[dict] = {}
    #: The form posts several values under one name (checkboxes).
    multiple_values: ClassVar[bool] = False
    codes = AnswerErrorCode

    def prepare_config(self, config: dict) -> dict:
        """Return ``config`` with generated parts filled in (ids of choices, items…)."""
        return config

    @abc.abstractmethod
    def validate_config(self, config: Any) -> None:
        """Raise ``ValidationError`` (French message) unless ``config`` is complete and coherent."""

    @abc.abstractmethod
    def parse_answer(self, question, raw: Any) -> Any:
        """Return the normalised answer for ``raw`` (a decoded JSON value), or raise ``AnswerError``."""

    def parse_form(self, question, data, name: str) -> Any:
        """Return the raw value the quiz form posted for ``question`` under ``name`` (``None`` if empty)."""
        value = data.get(name, "")
        return value if value != "" else None

    def form_field_names(self, question, name: str) -> set[str]:
        """Return the names of the form fields the quiz renders for ``question``."""
        return {name}

    @abc.abstractmethod
    def score(self, question, answer: Any) -> Score:
        """Score the normalised ``answer`` (``None`` when unanswered)."""

    @abc.abstractmethod
    def public_payload(self, question, shuffle_seed: int | None) -> dict:
        """Return what the quiz may show before submission: never a solution, a verdict or a feedback."""

    @abc.abstractmethod
    def review_payload(self, question, answer: Any, *, reveal: bool) -> Review:
        """Describe the learner's ``answer``; add the solution and feedback only when ``reveal``."""

    def max_points(self, question) -> Decimal:
        return Decimal(question.points)

    # Helpers shared by the types.

    def refuse(self, code: AnswerErrorCode, **params: object) -> AnswerError:
        return AnswerError.of(code, **params)

    def wrong_type(self, expected: str) -> AnswerError:
        return AnswerError.of(AnswerErrorCode.WRONG_TYPE, expected=expected)

    def full_or_nothing(self, question, correct: bool, feedback: str = "") -> Score:
        maximum = self.max_points(question)
        return Score(
            points=maximum if correct else Decimal("0.00"), max_points=maximum, correct=correct, feedback=feedback
        )

    def fraction_score(self, question, fraction: Decimal, feedback: str = "") -> Score:
        maximum = self.max_points(question)
        fraction = min(max(fraction, Decimal(0)), Decimal(1))
        return Score(points=quantize(maximum * fraction), max_points=maximum, correct=fraction == 1, feedback=feedback)


def require_text(value: Any, *, label: str, max_length: int = MAX_TEXT, blank: bool = False) -> str:
    """Return ``value`` stripped, or raise a config error naming ``label``."""
    if not isinstance(value, str) or (not blank and not value.strip()):
        raise config_error(_("« %(label)s » doit être un texte non vide."), label=label)
    if len(value) > max_length:
        raise config_error(_("« %(label)s » dépasse %(max)s caractères."), label=label, max=max_length)
    return value.strip()


def require_keys(config: Any, *, allowed: set[str], required: set[str]) -> dict:
    """Check ``config`` is an object with the ``required`` keys and no key outside ``allowed``."""
    if not isinstance(config, dict):
        raise config_error(_("La configuration doit être un objet JSON."))
    missing = sorted(required - config.keys())
    if missing:
        raise config_error(_("Champs manquants : %(keys)s."), keys=", ".join(missing))
    unknown = sorted(config.keys() - allowed)
    if unknown:
        raise config_error(_("Champs inconnus : %(keys)s."), keys=", ".join(unknown))
    return config


def require_unique_ids(entries: list[dict], *, key: str = "id") -> None:
    ids = [entry.get(key) for entry in entries]
    if any(not isinstance(i, str) or not ID_RE.match(i) for i in ids):
        raise config_error(_("Chaque identifiant doit compter 1 à 16 lettres minuscules ou chiffres."))
    if len(set(ids)) != len(ids):
        raise config_error(_("Deux éléments portent le même identifiant."))


def require_scoring(config: dict) -> None:
    if config.get("scoring", "partial") not in ("partial", "all_or_nothing"):
        raise config_error(_("« scoring » vaut « partial » ou « all_or_nothing »."))
