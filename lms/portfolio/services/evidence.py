"""Learner-uploaded evidence files: validated by content, stored privately under a random name."""

import secrets
from collections.abc import Iterable
from datetime import date
from functools import partial
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.frameworks.models import Competency, EvidenceType

from .. import errors
from ..errors import PortfolioError
from ..models import EvidenceCompetency, EvidenceItem, EvidenceSource, Portfolio
from ..uploads import validate_evidence_file

TITLE_MAX_CHARS = 200
DESCRIPTION_MAX_CHARS = 2_000


def _delete_file(storage, name: str) -> None:
    if name:
        storage.delete(name)


@transaction.atomic
def evidence_upload(
    *,
    portfolio: Portfolio,
    uploaded_file: IO[bytes],
    title: str,
    evidence_type: EvidenceType | None = None,
    description: str = "",
    occurred_on: date | None = None,
    competencies: Iterable[Competency] = (),
    people_consent: bool = False,
) -> EvidenceItem:
    """Store an evidence file the learner uploads; refuse it (nothing stored) with the reason.

    The content decides the type (``validate_evidence_file``); a photo needs the learner's declaration
    that the people on it agreed. Raise ``PortfolioError`` (``field`` = the form field at fault).
    """
    title = (title or "").strip()
    description = (description or "").strip()
    if not title:
        raise PortfolioError(errors.REQUIRED_FIELD % {"field": _("intitulé")}, field="title")
    if len(title) > TITLE_MAX_CHARS:
        raise PortfolioError(errors.TEXT_TOO_LONG % {"field": _("intitulé"), "max": TITLE_MAX_CHARS}, field="title")
    if len(description) > DESCRIPTION_MAX_CHARS:
        raise PortfolioError(
            errors.TEXT_TOO_LONG % {"field": _("description"), "max": DESCRIPTION_MAX_CHARS}, field="description"
        )
    competencies = list(competencies)
    if any(competency.framework_id != portfolio.framework_id for competency in competencies):
        raise PortfolioError(errors.COMPETENCY_OTHER_TITLE, field="competencies")
    try:
        info = validate_evidence_file(uploaded_file)
    except ValidationError as error:
        raise PortfolioError(error.messages[0], field="file") from error
    if info.is_image and not people_consent:
        raise PortfolioError(errors.CONSENT_REQUIRED, field="people_consent")

    item = EvidenceItem(
        portfolio=portfolio,
        source_type=EvidenceSource.UPLOAD,
        source_id=secrets.token_hex(16),
        evidence_type=evidence_type,
        occurred_on=occurred_on,
        snapshot={
            "schema": 1,
            "title": title,
            "subtitle": evidence_type.label if evidence_type else "",
            "date": occurred_on.isoformat() if occurred_on else "",
            "description": description,
            "file_name": info.filename,
            "competencies": [
                {
                    "reference": competency.reference,
                    "code": competency.code,
                    "block": competency.block.code,
                    "title": competency.title,
                    "provisional": competency.is_provisional,
                    "via_mapping": False,
                }
                for competency in competencies
            ],
        },
        file_name=info.filename,
        file_mime=info.mime_type,
        file_size=info.size,
        people_consent_at=timezone.now() if info.is_image else None,
    )
    item.full_clean(exclude=["file"], validate_unique=False, validate_constraints=False)
    item.file.save(info.filename, File(uploaded_file, name=info.filename), save=False)
    try:
        item.save()
        EvidenceCompetency.objects.bulk_create(EvidenceCompetency(evidence=item, competency=c) for c in competencies)
    except Exception:
        # Nothing stored means no file left behind either.
        item.file.storage.delete(item.file.name)
        raise
    return item


def evidence_delete(*, evidence: EvidenceItem) -> None:
    """Delete an uploaded evidence item and, once committed, its file; collected items cannot be deleted."""
    if not evidence.is_upload:
        raise PortfolioError(errors.EVIDENCE_NOT_UPLOAD)
    storage, name = evidence.file.storage, evidence.file.name
    evidence.delete()
    transaction.on_commit(partial(_delete_file, storage, name))
