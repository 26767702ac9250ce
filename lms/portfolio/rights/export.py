"""Build the zip of a person's data: ``donnees.json`` plus the files they uploaded.

The JSON has one section per kind of data, in French keys a person can read. Relations to the
account that no section covers (other apps, Wagtail) are still exported, generically, under
``autres_donnees`` — minus fields that hold secrets (tokens, keys, password hashes).
"""

import json
import re
import shutil
import zipfile
from typing import IO

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from ..models import Portfolio
from . import sections
from .relations import user_relations

FORMAT_VERSION = 1
#: Labels of the models a named section already exports (the generic pass skips them).
COVERED = {
    "accounts.Membership",
    "records.ActorAccount",
    "records.Statement",
    "learning.Enrolment",
    "learning.LearnerProfile",
    "learning.LessonCompletion",
    "learning.CourseCompletion",
    "learning.Attestation",
    "learning.LiveSessionRegistration",
    "assessments.Attempt",
    "assessments.CompetencyStatus",
    "badges.Assertion",
    "portfolio.Portfolio",
}
_SECRET_FIELD_RE = re.compile(r"password|secret|token|key|salt|hash", re.IGNORECASE)

README = """Vos données Tremplin
====================

donnees.json : tout ce que Tremplin conserve à votre sujet, par rubrique (profil, inscriptions,
formations terminées, attestations, sessions en direct, évaluations et réponses, traces
d'apprentissage xAPI, badges, portfolios VAE avec exemples, preuves et avis du jury communiqués).
fichiers/ : les fichiers que vous avez déposés (justificatifs du portfolio, travaux rendus) et les
PDF de vos portfolios.
"""


def _other_data(user) -> dict[str, list[dict]]:
    """Export the rows of uncovered models that point at the user, without secret-looking fields."""
    result: dict[str, list[dict]] = {}
    for relation in user_relations():
        label = relation.model._meta.label
        if label in COVERED or relation.kind == "m2m":
            continue
        rows = relation.model._base_manager.filter(**{relation.field_name: user})
        for row in serializers.serialize("python", rows):
            fields = {name: value for name, value in row["fields"].items() if not _SECRET_FIELD_RE.search(name)}
            result.setdefault(f"{label} ({relation.field_name})", []).append({"id": row["pk"], **fields})
    return result


def user_data_collect(*, user) -> dict:
    """Return everything Tremplin holds about ``user`` as JSON-ready data, and the files to add."""
    files: list[tuple[str, object]] = []
    portfolios = list(Portfolio.objects.filter(user=user).select_related("framework"))
    data = {
        "format": {"version": FORMAT_VERSION, "genere_le": timezone.now()},
        "profil": sections.profile(user=user),
        "roles_dans_les_organismes": sections.memberships(user=user),
        "inscriptions": sections.enrolments(user=user),
        "lecons_terminees": sections.lesson_completions(user=user),
        "formations_terminees": sections.course_completions(user=user),
        "attestations": sections.attestations(user=user),
        "sessions_en_direct": sections.live_registrations(user=user),
        "evaluations": sections.attempts(user=user, files=files),
        "statuts_des_competences": sections.competency_statuses(user=user),
        "traces_xapi": sections.statements(user=user),
        "badges": sections.badges(user=user),
        "portfolios": [sections.portfolio(portfolio=portfolio, files=files) for portfolio in portfolios],
        "autres_donnees": _other_data(user),
    }
    return {"data": data, "files": files}


def user_data_export(*, user, dest: IO[bytes]) -> int:
    """Write the zip of ``user``'s data to ``dest`` (a binary file); return the number of files added."""
    collected = user_data_collect(user=user)
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("LISEZMOI.txt", README)
        archive.writestr(
            "donnees.json", json.dumps(collected["data"], cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        )
        for arcname, field_file in collected["files"]:
            # Streamed member by member: a large upload is never held in memory whole.
            with field_file.open("rb") as source, archive.open(arcname, "w") as target:
                shutil.copyfileobj(source, target, 1024 * 1024)
    return len(collected["files"])
