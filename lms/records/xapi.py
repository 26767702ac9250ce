"""Build and check the parts of an xAPI 1.0.3 statement: pure functions, no database, no settings.

Every check raises ``ValueError`` with one of the messages below, before anything is stored.
"""

import json
import math
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from urllib.parse import urlsplit

from .verbs import (
    ACTIVITY_TYPES,
    COMPETENCIES_EXTENSION,
    COMPETENCY_ACTIVITY_TYPE,
    VERBS,
    XAPI_VERSION,
)

UNKNOWN_VERB = "Unknown xAPI verb %(verb)r; expected one of: %(choices)s."
UNKNOWN_TYPE = "Unknown activity type %(type)r; expected one of: %(choices)s."
NOT_AN_ABSOLUTE_URL = "%(field)s must be an absolute http(s) URL, got %(value)r."
EMPTY_NAME = "The activity needs a non-empty name."
UNKNOWN_RESULT_KEYS = "Unknown result keys: %(keys)s; expected some of: %(choices)s."
NOT_A_NUMBER = "result[%(key)r] must be a finite number, got %(value)r."
SCALED_OUT_OF_RANGE = "result['score_scaled'] must be between -1 and 1, got %(value)s."
MIN_ABOVE_MAX = "result['score_min'] (%(min)s) must not be above result['score_max'] (%(max)s)."
RAW_BELOW_MIN = "result['score_raw'] (%(raw)s) must not be below result['score_min'] (%(min)s)."
RAW_ABOVE_MAX = "result['score_raw'] (%(raw)s) must not be above result['score_max'] (%(max)s)."
NOT_A_BOOLEAN = "result[%(key)r] must be True or False, got %(value)r."
NEGATIVE_DURATION = "result['duration_seconds'] must be zero or more, got %(value)s."
NOT_A_STRING = "result['response'] must be a string, got %(value)r."
BAD_REGISTRATION = "registration must be a UUID, got %(value)r."
EXTENSION_NOT_IRI = "Extension keys must be absolute IRIs, got %(key)r."
EXTENSION_RESERVED = "The extension %(key)r is filled from the competencies argument; pass competencies instead."
EXTENSION_NOT_JSON = "The extension %(key)r holds a value that cannot be written as JSON."
NAIVE_TIMESTAMP = "occurred_at must be timezone-aware."

RESULT_KEYS = (
    "score_scaled",
    "score_raw",
    "score_min",
    "score_max",
    "success",
    "completion",
    "duration_seconds",
    "response",
)


@dataclass(frozen=True)
class CompetencyAlignment:
    """A competency a statement is evidence for, with its framework and RNCP codes when known."""

    reference: str
    framework_code: str
    framework_title: str
    framework_url: str
    block_code: str
    code: str
    title: str
    rncp_code: str = ""
    rncp_block_code: str = ""

    def as_extension(self) -> dict:
        entry = {
            "reference": self.reference,
            "framework": self.framework_code,
            "block": self.block_code,
            "competency": self.code,
            "title": self.title,
        }
        if self.rncp_code:
            entry["rncp"] = self.rncp_code
        if self.rncp_block_code:
            entry["rncpBlock"] = self.rncp_block_code
        return entry


def check_absolute_url(value: str, *, field: str) -> str:
    """Return ``value`` if it is an absolute http(s) URL, else raise ``ValueError``."""
    parts = urlsplit(value) if isinstance(value, str) else None
    if not parts or parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(NOT_AN_ABSOLUTE_URL % {"field": field, "value": value})
    return value


def check_verb(key: str) -> None:
    if key not in VERBS:
        raise ValueError(UNKNOWN_VERB % {"verb": key, "choices": ", ".join(VERBS)})


def check_activity_type(key: str) -> None:
    if key not in ACTIVITY_TYPES:
        raise ValueError(UNKNOWN_TYPE % {"type": key, "choices": ", ".join(ACTIVITY_TYPES)})


def format_duration(seconds: float) -> str:
    """Return ``seconds`` as an ISO 8601 duration, to the 0.01 s xAPI keeps: 3723 → ``PT1H2M3S``."""
    hundredths = round(seconds * 100)
    hours, hundredths = divmod(hundredths, 360_000)
    minutes, hundredths = divmod(hundredths, 6_000)
    text = "PT"
    if hours:
        text += f"{hours}H"
    if minutes:
        text += f"{minutes}M"
    if hundredths or text == "PT":
        whole, fraction = divmod(hundredths, 100)
        text += f"{whole}S" if not fraction else f"{whole}.{fraction:02d}".rstrip("0") + "S"
    return text


def format_timestamp(moment: datetime) -> str:
    """Return an aware datetime as ISO 8601 in UTC with milliseconds: ``2026-03-10T17:42:00.000Z``."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _number(result: dict, key: str) -> float | int | None:
    value = result.get(key)
    if value is None:
        return None
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(NOT_A_NUMBER % {"key": key, "value": value})
    return value


def _boolean(result: dict, key: str) -> bool | None:
    value = result.get(key)
    if value is not None and not isinstance(value, bool):
        raise ValueError(NOT_A_BOOLEAN % {"key": key, "value": value})
    return value


def build_result(result: dict | None) -> dict:
    """Return the xAPI ``result`` object for the contract's flat ``result`` dict (``{}`` when empty)."""
    if not result:
        return {}
    unknown = sorted(set(result) - set(RESULT_KEYS))
    if unknown:
        raise ValueError(UNKNOWN_RESULT_KEYS % {"keys": ", ".join(unknown), "choices": ", ".join(RESULT_KEYS)})
    scaled, raw = _number(result, "score_scaled"), _number(result, "score_raw")
    low, high = _number(result, "score_min"), _number(result, "score_max")
    if scaled is not None and not -1 <= scaled <= 1:
        raise ValueError(SCALED_OUT_OF_RANGE % {"value": scaled})
    if low is not None and high is not None and low > high:
        raise ValueError(MIN_ABOVE_MAX % {"min": low, "max": high})
    if raw is not None and low is not None and raw < low:
        raise ValueError(RAW_BELOW_MIN % {"raw": raw, "min": low})
    if raw is not None and high is not None and raw > high:
        raise ValueError(RAW_ABOVE_MAX % {"raw": raw, "max": high})
    success, completion = _boolean(result, "success"), _boolean(result, "completion")
    duration = _number(result, "duration_seconds")
    if duration is not None and duration < 0:
        raise ValueError(NEGATIVE_DURATION % {"value": duration})
    response = result.get("response")
    if response is not None and not isinstance(response, str):
        raise ValueError(NOT_A_STRING % {"value": response})

    built: dict = {}
    parts = (("scaled", scaled), ("raw", raw), ("min", low), ("max", high))
    score = {name: value for name, value in parts if value is not None}
    if score:
        built["score"] = score
    if success is not None:
        built["success"] = success
    if completion is not None:
        built["completion"] = completion
    if response is not None:
        built["response"] = response
    if duration is not None:
        built["duration"] = format_duration(duration)
    return built


def check_registration(registration) -> str | None:
    """Return the registration as a canonical UUID string, or ``None``."""
    if registration is None:
        return None
    try:
        return str(registration if isinstance(registration, uuid.UUID) else uuid.UUID(str(registration)))
    except ValueError as error:
        raise ValueError(BAD_REGISTRATION % {"value": registration}) from error


def check_extensions(extensions: dict | None) -> dict:
    """Return a copy of ``extensions`` once each key is an absolute IRI and each value is JSON."""
    checked = {}
    for key, value in (extensions or {}).items():
        if not isinstance(key, str) or ":" not in key or not urlsplit(key).scheme:
            raise ValueError(EXTENSION_NOT_IRI % {"key": key})
        if key == COMPETENCIES_EXTENSION:
            raise ValueError(EXTENSION_RESERVED % {"key": key})
        try:
            json.dumps(value)
        except (TypeError, ValueError) as error:
            raise ValueError(EXTENSION_NOT_JSON % {"key": key}) from error
        checked[key] = value
    return checked


def build_context(
    *, alignments: list[CompetencyAlignment], extensions: dict, registration: str | None, platform: str
) -> dict:
    """Return the xAPI ``context``: frameworks as ``grouping``, competencies as ``category`` and extension."""
    context: dict = {"platform": platform, "language": "fr-FR"}
    if registration:
        context["registration"] = registration
    if alignments:
        frameworks = {a.framework_url: a.framework_title for a in alignments}
        context["contextActivities"] = {
            "grouping": [
                {"objectType": "Activity", "id": url, "definition": {"name": {"fr-FR": title}}}
                for url, title in frameworks.items()
            ],
            "category": [
                {
                    "objectType": "Activity",
                    "id": f"{a.framework_url}#{a.code}",
                    "definition": {"type": COMPETENCY_ACTIVITY_TYPE, "name": {"fr-FR": f"{a.reference} — {a.title}"}},
                }
                for a in alignments
            ],
        }
        extensions = {**extensions, COMPETENCIES_EXTENSION: [a.as_extension() for a in alignments]}
    if extensions:
        context["extensions"] = extensions
    return context


def build_statement(
    *,
    statement_id: uuid.UUID,
    home_page: str,
    account_name: str,
    verb: str,
    object_url: str,
    object_name: str,
    object_type: str,
    result: dict,
    context: dict,
    timestamp: datetime,
) -> dict:
    """Return the full xAPI 1.0.3 statement, as it is stored in ``raw`` and sent to the LRS."""
    statement = {
        "id": str(statement_id),
        "actor": {"objectType": "Agent", "account": {"homePage": home_page, "name": account_name}},
        "verb": {"id": VERBS[verb].iri, "display": VERBS[verb].display},
        "object": {
            "objectType": "Activity",
            "id": object_url,
            "definition": {"type": ACTIVITY_TYPES[object_type].iri, "name": {"fr-FR": object_name}},
        },
    }
    if result:
        statement["result"] = result
    if context:
        statement["context"] = context
    statement["timestamp"] = format_timestamp(timestamp)
    statement["version"] = XAPI_VERSION
    return statement
