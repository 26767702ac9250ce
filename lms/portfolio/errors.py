"""Refusals of the portfolio services, with the French message shown to the person."""

from django.utils.translation import gettext_lazy as _

FRAMEWORK_NOT_A_TITLE = _("Choisissez un titre professionnel (REMN-2019 ou MN-2025).")
PORTFOLIO_EXISTS = _("Vous avez déjà un portfolio pour ce titre.")
BLOCK_OTHER_TITLE = _("Choisissez une activité type (CCP) du titre visé par ce portfolio.")
COMPETENCY_OTHER_TITLE = _("Choisissez des compétences du titre visé par ce portfolio.")
EVIDENCE_OTHER_PORTFOLIO = _("Choisissez des preuves de ce portfolio.")
TEXT_TOO_LONG = _("Le texte « %(field)s » dépasse %(max)s caractères.")
REQUIRED_FIELD = _("Renseignez « %(field)s ».")
CONSENT_REQUIRED = _("Cochez « J'ai l'accord des personnes photographiées » pour déposer une photo.")
EVIDENCE_NOT_UPLOAD = _("Seuls les justificatifs que vous avez déposés peuvent être supprimés.")
HONOUR_NOT_ACCEPTED = _("Cochez la case pour signer la déclaration sur l'honneur.")
HONOUR_REQUIRED_TO_SHARE = _(
    "Signez d'abord la déclaration sur l'honneur : le portfolio ne peut pas être partagé sans elle."
)
JURY_UNKNOWN = _("Aucun membre de jury n'est inscrit avec cette adresse e-mail.")
JURY_IS_OWNER = _("Vous ne pouvez pas partager le portfolio avec vous-même.")
SHARE_EXPIRY_PAST = _("Choisissez une date d'expiration à venir.")
SHARE_EXPIRY_TOO_FAR = _("Un partage dure au plus %(days)s jours.")
SHARE_ALREADY_REVOKED = _("Ce partage est déjà révoqué.")
SHARE_NOT_ACTIVE = _("Ce partage a expiré ou a été révoqué : le portfolio n'est plus accessible.")
NOT_ALLOWED = _("Vous n'avez pas accès à cette action.")
OPINION_UNKNOWN = _("Choisissez un avis : acquis, à approfondir ou non démontré.")
COMMENT_EMPTY = _("Écrivez un commentaire.")
FEEDBACK_ALREADY_RELEASED = _("Les avis sont déjà communiqués à la personne candidate.")
EXPORT_NOT_FAILED = _("Seul un export en échec peut être relancé.")
EXPORT_RENDER_FAILED = _(
    "La génération du PDF a échoué. Réessayez ; si l'échec se répète, contactez votre accompagnateur."
)
EXPORT_INTERRUPTED = _("La génération du PDF a été interrompue. Relancez-la.")
NO_PDF_YET = _("La personne candidate n'a pas encore produit de PDF de son portfolio.")
VERIFY_FILE_INVALID = _("Choisissez un fichier PDF de 50 Mo au plus.")
DELETE_EMAIL_MISMATCH = _("L'adresse e-mail ne correspond pas à celle de votre compte.")
DELETE_PASSWORD_WRONG = _("Mot de passe incorrect.")
DELETE_STAFF_REFUSED = _(
    "Les comptes d'équipe (administration, formation) ne peuvent pas être supprimés ici : "
    "contactez un·e administrateur·rice."
)


class PortfolioError(Exception):
    """Raise when a portfolio action is refused; ``message`` is shown to the person as is.

    ``field`` names the form field the message belongs to, so a view can show it next to it.
    """

    status_code = 400

    def __init__(self, message, *, field: str | None = None, status_code: int | None = None) -> None:
        self.message = message
        self.field = field
        if status_code is not None:
            self.status_code = status_code
        super().__init__(str(message))
