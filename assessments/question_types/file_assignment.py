"""File assignment (a workshop plan, a sheet…): an uploaded file a trainer grades with the rubric.

The file never travels as JSON: the quiz posts it as multipart data and ``parse_upload`` checks it
with the portfolio's content-based validator, then against the formats the question accepts. The
normalised answer describes the stored file (``{"filename", "mime_type", "size"}``).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .base import Review, config_error, require_keys
from .rubric import RUBRIC_EXAMPLE, RubricQuestionType

FORMATS = ("pdf", "odt", "docx", "ods", "xlsx", "odp", "pptx", "png", "jpg", "webp")


class FileAssignment(RubricQuestionType):
    key = "file_assignment"
    label = _("Devoir à déposer (corrigé par un formateur)")
    input_template = "assessments/question_types/file_assignment.html"
    accepts_upload = True
    config_example = {"accepted_formats": ["pdf", "odt", "docx"], "rubric": RUBRIC_EXAMPLE}

    def validate_config(self, config: Any) -> None:
        require_keys(config, allowed={"accepted_formats", "rubric"}, required={"accepted_formats", "rubric"})
        formats = config["accepted_formats"]
        if not isinstance(formats, list) or not formats or not set(formats) <= set(FORMATS):
            raise config_error(_("« accepted_formats » choisit parmi : %(formats)s."), formats=", ".join(FORMATS))
        self.validate_rubric(config)

    def formats(self, question) -> list[str]:
        return list(question.config["accepted_formats"])

    def parse_answer(self, question, raw: Any) -> Any:
        # A JSON value could only name a file the learner did not send: uploads have their own path.
        raise self.refuse(self.codes.UPLOAD_REQUIRED)

    def parse_form(self, question, data, name: str) -> Any:
        return None

    def parse_upload(self, question, uploaded_file):
        """Return the validator's ``EvidenceFileInfo`` for ``uploaded_file`` or raise ``AnswerError``."""
        from lms.portfolio.uploads import validate_evidence_file

        try:
            info = validate_evidence_file(uploaded_file)
        except ValidationError as error:
            raise self.refuse(self.codes.FILE_REFUSED, reason=" ".join(error.messages)) from error
        if info.extension not in self.formats(question):
            raise self.refuse(self.codes.FORMAT_NOT_ACCEPTED, formats=", ".join(self.formats(question)).upper())
        return info

    def public_payload(self, question, shuffle_seed: int | None) -> dict:
        accept = ",".join(f".{extension}" for extension in self.formats(question))
        if "jpg" in self.formats(question):
            accept += ",.jpeg"
        return {"formats": self.formats(question), "accept": accept, "rubric": self.rubric_payload(question)}

    def review_payload(self, question, answer: Any, *, reveal: bool) -> Review:
        return Review(file_name=(answer or {}).get("filename", ""))
