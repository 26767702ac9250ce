"""Read and check a frameworks data file before anything is written.

``frameworks_parse`` turns the mapping loaded from ``data/frameworks.yaml`` into plain specs, or raises
``FrameworkDataError`` naming the entry and the field at fault. The writes live in ``services.py``.
"""

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .models import CrosswalkStatus, FrameworkKind, Status
from .readers import Entry, ErrorMessage, FrameworkDataError

# Data files use the vocabulary of their sources; every spelling maps to one of the model's statuses.
STATUS_ALIASES = {
    "verified": Status.VERIFIED,
    "secondary": Status.SECONDARY,
    "unverified": Status.UNVERIFIED,
    "verified_official_theme": Status.VERIFIED,
    "verified_official_module": Status.VERIFIED,
    "brief_requested_unverified": Status.UNVERIFIED,
}
_CERTAINTY = [Status.UNVERIFIED, Status.SECONDARY, Status.VERIFIED]
REFERENCE_RE = re.compile(r"^[^/\s]+/[^/\s]+/[^/\s]+$")
PIX_CODE = "PIX"
PIX_TITLE = "Pix"


@dataclass
class CompetencySpec:
    path: str
    code: str
    title: str
    status: str
    sort_order: int


@dataclass
class BlockSpec:
    path: str
    code: str
    activity_type: str
    rncp_block_code: str
    status: str
    note: str
    sort_order: int
    competencies: list[CompetencySpec] = field(default_factory=list)


@dataclass
class FrameworkSpec:
    path: str
    code: str
    values: dict[str, Any]
    superseded_by: str
    blocks: list[BlockSpec] = field(default_factory=list)


@dataclass
class RowSpec:
    """A theme or an evidence type: a code and the model fields to store."""

    path: str
    code: str
    values: dict[str, Any]


@dataclass
class MappingSpec:
    path: str
    source: str
    target: str
    status: str
    note: str


@dataclass
class FrameworksData:
    frameworks: list[FrameworkSpec]
    themes: list[RowSpec]
    evidence_types: list[RowSpec]
    mappings: list[MappingSpec]


def frameworks_load_yaml(text: str) -> Any:
    """Return the data of a YAML document, or raise ``FrameworkDataError`` when it is not YAML."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else str(exc)
        raise FrameworkDataError(ErrorMessage.NOT_YAML.format(detail=where)) from exc


def frameworks_parse(data: Any) -> FrameworksData:
    """Check ``data`` entry by entry and return the specs to write."""
    root = Entry(data, "")
    root.require("referentials")
    frameworks = [_referential(item, index) for index, item in enumerate(root.entries("referentials"))]
    pix = root.mapping("pix_framework")
    if pix is not None:
        frameworks.append(_pix(pix, sort_order=len(frameworks)))
    _refuse_duplicates(frameworks, "code")
    for spec in frameworks:
        _refuse_duplicates(spec.blocks, "code")
        _refuse_duplicates([c for block in spec.blocks for c in block.competencies], "code")
    themes = [_theme(item, index) for index, item in enumerate(root.entries("continuing_training_themes"))]
    evidence_types = [_evidence_type(item, index) for index, item in enumerate(root.entries("evidence_types"))]
    mappings = [_mapping(item) for item in root.entries("crosswalks")]
    for rows in (themes, evidence_types):
        _refuse_duplicates(rows, "code")
    _refuse_duplicate_mappings(mappings)
    return FrameworksData(frameworks=frameworks, themes=themes, evidence_types=evidence_types, mappings=mappings)


def _status(entry: Entry, *, keys: tuple[str, ...], default: str) -> str:
    """Return the least certain status among the flags present, or ``default`` when none is."""
    found = []
    for key in keys:
        if key == "verified":
            flag = entry.boolean(key)
            if flag is not None:
                found.append(Status.VERIFIED if flag else Status.UNVERIFIED)
        elif (value := entry.string(key)) is not None:
            if value not in STATUS_ALIASES:
                raise FrameworkDataError(ErrorMessage.UNKNOWN_VALUE.format(path=entry.path, field=key, value=value))
            found.append(STATUS_ALIASES[value])
    # A single uncertain flag is enough to show the wording as provisional.
    return str(min(found, key=_CERTAINTY.index)) if found else default


def _referential(entry: Entry, index: int) -> FrameworkSpec:
    code = entry.required_string("code")
    values = {
        "kind": FrameworkKind.TITLE,
        "title": entry.required_string("title"),
        "former_title": entry.string("former_title") or "",
        "certifier": entry.string("certifier") or "",
        "title_code": entry.string("title_code") or "",
        "rncp_code": entry.string("rncp") or "",
        "rncp_status": _status(entry, keys=("rncp_status",), default=""),
        "level": entry.integer("level_cnc"),
        "level_min": None,
        "level_max": None,
        "nsf": entry.string("nsf") or "",
        "legal_text": entry.string("legal_text") or "",
        "source": entry.string("source") or "",
        "valid_from": entry.date("valid_from"),
        "superseded_on": entry.date("superseded_on"),
        # A title without a flag is cited with its legal text: only its parts carry doubts.
        "status": _status(entry, keys=("status", "verified"), default=Status.VERIFIED),
        "note": entry.string("note") or "",
        "sort_order": index,
    }
    entry.require("blocks")
    blocks = [
        _block(item, position, label_key="activity_type", items_key="competencies")
        for position, item in enumerate(entry.entries("blocks"))
    ]
    return FrameworkSpec(
        path=entry.path, code=code, values=values, superseded_by=entry.string("superseded_by") or "", blocks=blocks
    )


def _pix(entry: Entry, *, sort_order: int) -> FrameworkSpec:
    levels = entry.mapping("levels")
    entry.require("domains")
    values = {
        "kind": FrameworkKind.DIGITAL_SKILLS,
        "title": entry.string("title") or PIX_TITLE,
        "source": entry.string("source") or "",
        "level_min": levels.integer("min") if levels else None,
        "level_max": levels.integer("max") if levels else None,
        "status": _status(entry, keys=("status", "verified"), default=Status.VERIFIED),
        "note": entry.string("note") or "",
        "sort_order": sort_order,
    }
    blocks = [
        _block(item, position, label_key="title", items_key="competences")
        for position, item in enumerate(entry.entries("domains"))
    ]
    return FrameworkSpec(
        path=entry.path, code=entry.string("code") or PIX_CODE, values=values, superseded_by="", blocks=blocks
    )


def _block(entry: Entry, position: int, *, label_key: str, items_key: str) -> BlockSpec:
    code = entry.required_string("code")
    # A Pix domain must have a title; a CCP's activity type may be unknown (null) and still import.
    if label_key == "title":
        entry.require("title")
    competencies = [
        CompetencySpec(
            path=item.path,
            code=item.required_string("code"),
            title=item.required_string("title"),
            # Wording without a flag is treated as unchecked rather than presented as official.
            status=_status(item, keys=("status", "verified"), default=Status.UNVERIFIED),
            sort_order=order,
        )
        for order, item in enumerate(entry.entries(items_key))
    ]
    return BlockSpec(
        path=entry.path,
        code=code,
        activity_type=entry.string(label_key) or "",
        rncp_block_code=entry.string("rncp_block_code") or "",
        status=_status(entry, keys=("status", "verified", "activity_type_status"), default=Status.UNVERIFIED),
        note=entry.string("note") or "",
        sort_order=position,
        competencies=competencies,
    )


def _theme(entry: Entry, index: int) -> RowSpec:
    values = {
        "title": entry.required_string("title"),
        "description": entry.string("description") or "",
        "source_status": entry.string("status") or "",
        "status": _status(entry, keys=("status", "verified"), default=Status.UNVERIFIED),
        "sort_order": index,
    }
    return RowSpec(path=entry.path, code=entry.required_string("code"), values=values)


def _evidence_type(entry: Entry, index: int) -> RowSpec:
    code = entry.required_string("code")
    values = {"label": entry.required_string("label"), "use": entry.string("use") or "", "sort_order": index}
    return RowSpec(path=entry.path, code=code, values=values)


def _mapping(entry: Entry) -> MappingSpec:
    references = {}
    for key in ("source", "target"):
        value = entry.required_string(key)
        if not REFERENCE_RE.match(value):
            raise FrameworkDataError(ErrorMessage.BAD_REFERENCE.format(path=entry.path, field=key, value=value))
        references[key] = value
    if references["source"] == references["target"]:
        raise FrameworkDataError(ErrorMessage.SELF_MAPPING.format(path=entry.path, field="target"))
    status = entry.string("status") or CrosswalkStatus.PROPOSED
    if status not in CrosswalkStatus.values:
        raise FrameworkDataError(ErrorMessage.UNKNOWN_VALUE.format(path=entry.path, field="status", value=status))
    note = entry.string("justification") or entry.string("note") or ""
    return MappingSpec(path=entry.path, status=status, note=note, **references)


def _refuse_duplicates(specs: list, attribute: str) -> None:
    seen = set()
    for spec in specs:
        value = getattr(spec, attribute)
        if value in seen:
            raise FrameworkDataError(ErrorMessage.DUPLICATE.format(path=spec.path, field=attribute, value=value))
        seen.add(value)


def _refuse_duplicate_mappings(mappings: list[MappingSpec]) -> None:
    seen = set()
    for spec in mappings:
        if (spec.source, spec.target) in seen:
            raise FrameworkDataError(ErrorMessage.DUPLICATE_MAPPING.format(path=spec.path, source=spec.source))
        seen.add((spec.source, spec.target))
