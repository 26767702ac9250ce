"""Refusal messages of the assessments app, as error-code enums (value = code, label = message).

Services raise ``AssessmentError`` (or its ``AnswerError`` subclass) with one of these codes; views
turn it into an HTTP 400/403 response that shows ``message`` to the learner or trainer.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AnswerErrorCode(models.TextChoices):
    """Why an answer (or a whole submitted form) was refused; nothing is stored in that case."""

    MALFORMED = "malformed", _("La requête est illisible : envoyez un objet JSON valide.")
    BODY_TOO_LARGE = "body_too_large", _("La requête est trop volumineuse (%(max_kib)s Kio au plus).")
    UNKNOWN_KEYS = "unknown_keys", _("La requête contient des champs inconnus : %(keys)s.")
    MISSING_QUESTION = "missing_question", _("Indiquez la question à laquelle vous répondez.")
    QUESTION_NOT_IN_ATTEMPT = "question_not_in_attempt", _("Cette question ne fait pas partie de votre évaluation.")
    WRONG_TYPE = "wrong_type", _("Le format de la réponse ne correspond pas à ce type de question (%(expected)s).")
    UNKNOWN_CHOICE = "unknown_choice", _("Cette réponse ne fait pas partie des propositions de la question.")
    DUPLICATE_CHOICE = "duplicate_choice", _("Une même proposition est sélectionnée plusieurs fois.")
    DUPLICATE_POSITION = "duplicate_position", _("Chaque position ne peut être attribuée qu'à un seul élément.")
    POSITION_OUT_OF_RANGE = "position_out_of_range", _("Choisissez une position entre 1 et %(max)s.")
    TOO_LONG = "too_long", _("Votre réponse dépasse la longueur maximale (%(max)s caractères).")
    NOT_A_NUMBER = "not_a_number", _("Saisissez un nombre, par exemple 12 ou 12,5.")
    NUMBER_OUT_OF_RANGE = "number_out_of_range", _("Ce nombre est trop grand.")
    UPLOAD_REQUIRED = "upload_required", _("Pour cette question, déposez un fichier avec le formulaire.")
    UPLOAD_NOT_EXPECTED = "upload_not_expected", _("Cette question n'attend pas de fichier.")
    FORMAT_NOT_ACCEPTED = (
        "format_not_accepted",
        _("Ce format n'est pas accepté pour ce devoir. Formats acceptés : %(formats)s."),
    )
    FILE_REFUSED = "file_refused", _("Fichier refusé : %(reason)s")
    ATTEMPT_CLOSED = "attempt_closed", _("Cette tentative est terminée : la réponse n'a pas été enregistrée.")
    DEADLINE_PASSED = "deadline_passed", _("Le temps imparti est écoulé : la réponse n'a pas été enregistrée.")


class AttemptErrorCode(models.TextChoices):
    """Why an attempt cannot be started."""

    NOT_LIVE = "not_live", _("Cette évaluation n'est pas publiée.")
    NO_QUESTIONS = "no_questions", _("Cette évaluation ne contient encore aucune question.")
    NO_ATTEMPTS_LEFT = (
        "no_attempts_left",
        _("Vous avez utilisé toutes les tentatives autorisées pour cette évaluation."),
    )
    ALREADY_PASSED = "already_passed", _("Vous avez déjà réussi cette évaluation.")
    AWAITING_GRADING = (
        "awaiting_grading",
        _("Votre tentative précédente attend la correction d'un formateur : vous pourrez recommencer ensuite."),
    )


class GradingErrorCode(models.TextChoices):
    """Why a grade was refused."""

    FORBIDDEN = "forbidden", _("Vous ne pouvez pas corriger les évaluations de cet organisme.")
    NOT_GRADABLE = "not_gradable", _("Cette réponse est corrigée automatiquement.")
    NOT_SUBMITTED = "not_submitted", _("Cette tentative n'a pas encore été envoyée.")
    LEVELS_INVALID = "levels_invalid", _("Choisissez un niveau pour chaque critère de la grille.")
    FEEDBACK_TOO_LONG = "feedback_too_long", _("Le commentaire dépasse %(max)s caractères.")
    REASON_REQUIRED = "reason_required", _("Indiquez la raison de la modification d'une note déjà attribuée.")


class AssessmentError(Exception):
    """A refusal with a stable ``code`` and a French ``message`` for the person who acted."""

    status_code = 400

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    @classmethod
    def of(cls, code: models.TextChoices, **params: object) -> "AssessmentError":
        """Build the error of ``code``, formatting its message with ``params``."""
        message = str(code.label)
        return cls(code.value, message % params if params else message)


class AnswerError(AssessmentError):
    """A refused answer: raised by question types' ``parse_answer`` and by the answer services."""


class GradingError(AssessmentError):
    """A refused grade."""

    def __init__(self, code: str, message: str):
        super().__init__(code, message)
        self.status_code = 403 if code == GradingErrorCode.FORBIDDEN else 400
