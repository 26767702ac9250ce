"""Read the quiz form posted without JavaScript into raw answers, refusing anything it did not render.

Field names are ``q-<question id>`` (plus ``-<item id>`` for ordering and matching selects). A name
for a question outside the attempt, or a sub-field the question does not have, is tampering and is
refused before anything is stored.
"""

import re
from typing import Any

from django.utils.translation import gettext_lazy as _

from .errors import AnswerError, AnswerErrorCode
from .models import Attempt, Question

ALLOWED_KEYS = {"csrfmiddlewaretoken", "action"}
_QUESTION_FIELD = re.compile(r"^q-(\d{1,12})(?:-[a-z0-9]{1,16})?$")


def parse_quiz_post(*, attempt: Attempt, data, files) -> tuple[dict[int, Any], dict[int, Any]]:
    """Return ({question id: raw answer}, {question id: uploaded file}) or raise ``AnswerError``."""
    questions = Question.objects.in_bulk(attempt.question_ids)
    expected: dict[str, int] = {}
    for question_id, question in questions.items():
        for name in question.question_type.form_field_names(question, f"q-{question_id}"):
            expected[name] = question_id
    unknown = []
    for name in [*data.keys(), *files.keys()]:
        if name in ALLOWED_KEYS:
            continue
        if name in expected:
            question = questions[expected[name]]
            if not question.question_type.multiple_values and len(data.getlist(name)) + len(files.getlist(name)) > 1:
                raise AnswerError.of(AnswerErrorCode.WRONG_TYPE, expected=_("une seule valeur"))
            continue
        match = _QUESTION_FIELD.match(name)
        if match is None:
            unknown.append(name)
        elif int(match.group(1)) not in questions:
            raise AnswerError.of(AnswerErrorCode.QUESTION_NOT_IN_ATTEMPT)
        else:
            raise AnswerError.of(AnswerErrorCode.UNKNOWN_CHOICE)
    if unknown:
        raise AnswerError.of(AnswerErrorCode.UNKNOWN_KEYS, keys=", ".join(sorted(unknown)[:5]))

    raws, uploads = {}, {}
    for question_id, question in questions.items():
        name = f"q-{question_id}"
        if question.question_type.accepts_upload:
            if files.get(name):
                uploads[question_id] = files[name]
            continue
        raws[question_id] = question.question_type.parse_form(question, data, name)
    return raws, uploads
