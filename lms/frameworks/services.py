"""Writes for competency frameworks: import a data file as an idempotent upsert, in one transaction.

Rows are matched by their codes (framework; block and competency within their framework; theme;
evidence type; mapping by source and target). Rows the file no longer lists are kept: administrators
may have added them, and a title or a CCP never disappears from learners' records.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from . import selectors
from .importer import FrameworksData, frameworks_load_yaml, frameworks_parse
from .models import Block, Competency, CompetencyMapping, EvidenceType, Framework, Theme
from .readers import ErrorMessage, FrameworkDataError

BUNDLED_FILE = Path(__file__).resolve().parent / "data" / "frameworks.yaml"

# Model fields whose data-file key differs, so that a refused value is reported under the file's name.
_FILE_KEYS = {
    "rncp_code": "rncp",
    "level": "level_cnc",
    "level_min": "levels.min",
    "level_max": "levels.max",
    "source_status": "status",
}


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportReport:
    """What an import did, per kind of row."""

    counts: dict[str, Counts] = field(
        default_factory=lambda: {
            kind: Counts() for kind in ("frameworks", "blocks", "competencies", "themes", "evidence_types", "mappings")
        }
    )

    @property
    def created(self) -> int:
        return sum(counts.created for counts in self.counts.values())

    @property
    def updated(self) -> int:
        return sum(counts.updated for counts in self.counts.values())

    def summary_lines(self) -> list[str]:
        """Return one translated line per kind of row, for the command's output."""
        labels = {
            "frameworks": _("Référentiels"),
            "blocks": _("Blocs"),
            "competencies": _("Compétences"),
            "themes": _("Thèmes"),
            "evidence_types": _("Types de preuves"),
            "mappings": _("Correspondances"),
        }
        return [
            _("%(label)s : %(created)d créé(s), %(updated)d mis à jour, %(unchanged)d inchangé(s)")
            % {"label": labels[kind], "created": c.created, "updated": c.updated, "unchanged": c.unchanged}
            for kind, c in self.counts.items()
        ]


class _Upserter:
    """Create or update rows matched by their lookup fields, counting what changed."""

    def __init__(self, report: ImportReport):
        self.report = report
        self._written: set[tuple[str, tuple]] = set()

    def __call__(
        self, kind: str, model: type[models.Model], existing: dict[tuple, Any], *, lookup: dict, values: dict, path: str
    ) -> Any:
        """Return the row of ``existing`` keyed by the ``lookup`` values, created or updated to ``values``."""
        counts = self.report.counts[kind]
        key = tuple(lookup.values())
        instance = existing.get(key) or model(**lookup)
        changed = [name for name, value in values.items() if getattr(instance, name) != value]
        if instance.pk is not None and not changed:
            counts.unchanged += 1
            return instance
        for name in changed:
            setattr(instance, name, values[name])
        _clean(instance, path)
        if instance.pk is None:
            counts.created += 1
        else:
            counts.updated += 1
        instance.save()
        existing[key] = instance
        self._written.add((kind, key))
        return instance

    def mark_updated(self, kind: str, key: tuple) -> None:
        """Count a row changed after its upsert (a framework's successor) as updated, once."""
        if (kind, key) in self._written:
            return
        counts = self.report.counts[kind]
        counts.unchanged -= 1
        counts.updated += 1
        self._written.add((kind, key))


def _clean(instance: models.Model, path: str) -> None:
    # Uniqueness is the upsert key itself and duplicates were refused while parsing; the database
    # constraints still guard the rest, so only the field checks (lengths, slugs, choices) run here.
    try:
        instance.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        name, errors = next(iter(exc.message_dict.items()))
        key = _FILE_KEYS.get(name.removesuffix("_id"), name)
        raise FrameworkDataError(ErrorMessage.INVALID.format(path=path, field=key, detail=" ".join(errors))) from exc


def _import_frameworks(data: FrameworksData, upsert: _Upserter) -> None:
    frameworks = {(f.code,): f for f in Framework.objects.all()}
    blocks = {(b.framework_id, b.code): b for b in Block.objects.all()}
    competencies = {(c.framework_id, c.code): c for c in Competency.objects.all()}
    for spec in data.frameworks:
        framework = upsert(
            "frameworks", Framework, frameworks, lookup={"code": spec.code}, values=spec.values, path=spec.path
        )
        for block_spec in spec.blocks:
            block = upsert(
                "blocks",
                Block,
                blocks,
                lookup={"framework_id": framework.pk, "code": block_spec.code},
                values={
                    "activity_type": block_spec.activity_type,
                    "rncp_block_code": block_spec.rncp_block_code,
                    "status": block_spec.status,
                    "note": block_spec.note,
                    "sort_order": block_spec.sort_order,
                },
                path=block_spec.path,
            )
            for item in block_spec.competencies:
                upsert(
                    "competencies",
                    Competency,
                    competencies,
                    lookup={"framework_id": framework.pk, "code": item.code},
                    values={
                        "block_id": block.pk,
                        "title": item.title,
                        "status": item.status,
                        "sort_order": item.sort_order,
                    },
                    path=item.path,
                )
    # Successors are resolved once every framework of the file exists, whatever their order.
    for spec in data.frameworks:
        framework = frameworks[(spec.code,)]
        successor = frameworks.get((spec.superseded_by,)) if spec.superseded_by else None
        if spec.superseded_by and successor is None:
            raise FrameworkDataError(
                ErrorMessage.UNKNOWN_FRAMEWORK.format(path=spec.path, field="superseded_by", value=spec.superseded_by)
            )
        if framework.superseded_by_id != (successor.pk if successor else None):
            framework.superseded_by = successor
            framework.save(update_fields=["superseded_by"])
            upsert.mark_updated("frameworks", (spec.code,))


def _import_rows(data: FrameworksData, upsert: _Upserter) -> None:
    themes = {(t.code,): t for t in Theme.objects.all()}
    for spec in data.themes:
        upsert("themes", Theme, themes, lookup={"code": spec.code}, values=spec.values, path=spec.path)
    evidence_types = {(e.code,): e for e in EvidenceType.objects.all()}
    for spec in data.evidence_types:
        upsert(
            "evidence_types",
            EvidenceType,
            evidence_types,
            lookup={"code": spec.code},
            values=spec.values,
            path=spec.path,
        )


def _import_mappings(data: FrameworksData, upsert: _Upserter) -> None:
    found = selectors.competencies_by_references(ref for m in data.mappings for ref in (m.source, m.target))
    mappings = {(m.source_id, m.target_id): m for m in CompetencyMapping.objects.all()}
    for spec in data.mappings:
        for name in ("source", "target"):
            if getattr(spec, name) not in found:
                raise FrameworkDataError(
                    ErrorMessage.UNKNOWN_COMPETENCY.format(path=spec.path, field=name, value=getattr(spec, name))
                )
        upsert(
            "mappings",
            CompetencyMapping,
            mappings,
            lookup={"source_id": found[spec.source].pk, "target_id": found[spec.target].pk},
            values={"status": spec.status, "note": spec.note},
            path=spec.path,
        )


@transaction.atomic
def frameworks_import(data: dict) -> ImportReport:
    """Create or update frameworks, themes, evidence types and crosswalks from a data file's mapping.

    Raise ``FrameworkDataError`` naming the entry and the field at fault; nothing is then written.
    """
    parsed = frameworks_parse(data)
    upsert = _Upserter(ImportReport())
    _import_frameworks(parsed, upsert)
    _import_rows(parsed, upsert)
    _import_mappings(parsed, upsert)
    return upsert.report


def frameworks_import_file(path: str | Path) -> ImportReport:
    """Import the YAML data file at ``path``."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise FrameworkDataError(ErrorMessage.NOT_YAML.format(detail="not UTF-8 text")) from exc
    return frameworks_import(frameworks_load_yaml(text))


def frameworks_import_bundled() -> ImportReport:
    """Import the data file shipped with the app (``lms/frameworks/data/frameworks.yaml``)."""
    return frameworks_import_file(BUNDLED_FILE)
