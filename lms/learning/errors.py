"""Refusals of the learning services, with the French message shown to the person."""

from django.utils.translation import gettext_lazy as _

COURSE_NOT_AVAILABLE = _("Cette formation n'est pas ouverte aux inscriptions.")
COHORT_OTHER_COURSE = _("Cette session de formation porte sur une autre formation.")
NOT_ENROLLED = _("Inscrivez-vous à la formation pour enregistrer votre progression.")
LESSON_NOT_AVAILABLE = _("Cette leçon n'est pas publiée.")
SESSION_FULL = _("Cette session est complète : toutes les places sont prises.")
SESSION_STARTED = _("Les inscriptions sont closes : la session a commencé.")
UNREGISTER_TOO_LATE = _("Vous ne pouvez plus vous désinscrire : la session a commencé.")
NOT_REGISTERED = _("Inscrivez-vous d'abord à cette session.")
ATTENDANCE_LIST_INVALID = _("Liste de présence illisible : rechargez la page et recommencez.")
ATTENDANCE_TOO_EARLY = _("La liste de présence s'ouvre au début de la session.")
CODE_OUTSIDE_SESSION = _("Le code de présence n'est valable que pendant la session.")
CODE_WRONG = _("Code de présence incorrect. Vérifiez-le auprès de la personne qui anime la session.")
CODE_RATE_LIMITED = _(
    "Trop de codes incorrects. Réessayez dans 10 minutes ou demandez à la personne qui anime "
    "la session de noter votre présence."
)
IMPORT_UNAVAILABLE = _("Cet import n'est plus disponible : déposez à nouveau le fichier.")


class LearningError(Exception):
    """Raise when a learning action is refused; ``message`` is shown to the person as is."""

    status_code = 400

    def __init__(self, message, *, status_code: int | None = None) -> None:
        self.message = message
        if status_code is not None:
            self.status_code = status_code
        super().__init__(str(message))
