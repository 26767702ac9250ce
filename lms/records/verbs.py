"""The xAPI vocabulary Tremplin emits: verbs and activity types, keyed by the short names callers use.

IRIs come from the ADL vocabulary (``http://adlnet.gov/expapi/...``, see
/work/shared/reference/standards.md §3.1), except the badge: ADL has no verb nor activity type for an
awarded badge, so ``earned`` uses the Tin Can registry verb and ``badge`` the Open Badges xAPI profile type.
"""

from typing import NamedTuple

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Verb(NamedTuple):
    """An xAPI verb: its IRI and its display in the two languages the statement carries."""

    iri: str
    fr: str
    en: str

    @property
    def display(self) -> dict[str, str]:
        """Return the xAPI ``display`` language map."""
        return {"fr-FR": self.fr, "en-US": self.en}

    @property
    def label(self) -> str:
        """Return the display in the active language (French unless English is active)."""
        return self.en if (get_language() or "fr").startswith("en") else self.fr


class ActivityType(NamedTuple):
    """An xAPI activity type: its IRI and a translatable label for exports and pages."""

    iri: str
    label: str


ADL_VERBS = "http://adlnet.gov/expapi/verbs/"
ADL_ACTIVITIES = "http://adlnet.gov/expapi/activities/"

VERBS: dict[str, Verb] = {
    "registered": Verb(f"{ADL_VERBS}registered", "s'est inscrit·e à", "registered"),
    "launched": Verb(f"{ADL_VERBS}launched", "a ouvert", "launched"),
    "attempted": Verb(f"{ADL_VERBS}attempted", "a tenté", "attempted"),
    "answered": Verb(f"{ADL_VERBS}answered", "a répondu à", "answered"),
    "completed": Verb(f"{ADL_VERBS}completed", "a terminé", "completed"),
    "passed": Verb(f"{ADL_VERBS}passed", "a réussi", "passed"),
    "failed": Verb(f"{ADL_VERBS}failed", "a échoué à", "failed"),
    "scored": Verb(f"{ADL_VERBS}scored", "a obtenu un score à", "scored"),
    "attended": Verb(f"{ADL_VERBS}attended", "a participé à", "attended"),
    "earned": Verb("http://id.tincanapi.com/verb/earned", "a obtenu", "earned"),
}

ACTIVITY_TYPES: dict[str, ActivityType] = {
    "course": ActivityType(f"{ADL_ACTIVITIES}course", _("formation")),
    "lesson": ActivityType(f"{ADL_ACTIVITIES}lesson", _("leçon")),
    "assessment": ActivityType(f"{ADL_ACTIVITIES}assessment", _("évaluation")),
    "question": ActivityType(f"{ADL_ACTIVITIES}cmi.interaction", _("question")),
    "meeting": ActivityType(f"{ADL_ACTIVITIES}meeting", _("session en direct")),
    "badge": ActivityType("https://w3id.org/xapi/openbadges/activity-types/badge", _("badge")),
}

# Context activities that are not the statement's object: the competencies a statement is evidence for
# (SCORM profile's "objective" type) and the frameworks they belong to.
COMPETENCY_ACTIVITY_TYPE = f"{ADL_ACTIVITIES}objective"
COMPETENCIES_EXTENSION = "https://tremplin.local/xapi/extensions/competencies"
XAPI_VERSION = "1.0.3"
