"""The registry of question types: one module per type, one class per module.

To add a type, write ``question_types/<key>.py`` with a ``QuestionType`` subclass and list the class
here; nothing else in the app names a type (the models take their choices from this registry).
"""

from .base import QuestionType, Review, ReviewRow, Score
from .file_assignment import FileAssignment
from .matching import Matching
from .multiple_choice import MultipleChoice
from .numeric import Numeric
from .open_response import OpenResponse
from .ordering import Ordering
from .short_answer import ShortAnswer
from .single_choice import SingleChoice
from .true_false import TrueFalse

TYPE_CLASSES: tuple[type[QuestionType], ...] = (
    SingleChoice,
    MultipleChoice,
    TrueFalse,
    ShortAnswer,
    Numeric,
    Ordering,
    Matching,
    OpenResponse,
    FileAssignment,
)

REGISTRY: dict[str, QuestionType] = {cls.key: cls() for cls in TYPE_CLASSES}


def get_type(key: str) -> QuestionType:
    """Return the question type registered under ``key``; raise ``KeyError`` if there is none."""
    return REGISTRY[key]


def type_choices() -> list[tuple[str, str]]:
    return [(key, question_type.label) for key, question_type in REGISTRY.items()]


def manual_type_keys() -> list[str]:
    return [key for key, question_type in REGISTRY.items() if question_type.manual]


__all__ = ["REGISTRY", "QuestionType", "Review", "ReviewRow", "Score", "get_type", "manual_type_keys", "type_choices"]
