"""Typed access to one entry of a frameworks data file, with errors that name the entry and the field.

Messages quote the data file's own keys (``referentials[1].blocks[0]: missing field "title"``), so they
stay in the file's language, English, like the keys themselves.
"""

from datetime import date, datetime
from enum import StrEnum
from typing import Any


class ErrorMessage(StrEnum):
    """Reasons a data file is refused; ``path`` names the entry, ``field`` its key."""

    NOT_YAML = "not a YAML file ({detail})"
    NOT_A_MAPPING = "{path}: must be a mapping, not {actual}"
    MISSING = '{path}: missing field "{field}"'
    WRONG_TYPE = '{path}: field "{field}" must be {expected}, not {actual}'
    BAD_DATE = '{path}: field "{field}" must be a date (YYYY-MM-DD), not "{value}"'
    UNKNOWN_VALUE = '{path}: field "{field}" has an unknown value "{value}"'
    BAD_REFERENCE = '{path}: field "{field}" must be a reference FRAMEWORK/BLOCK/COMPETENCY, not "{value}"'
    SELF_MAPPING = '{path}: field "{field}" is the same competency as field "source"'
    DUPLICATE = '{path}: duplicate value "{value}" for field "{field}"'
    DUPLICATE_MAPPING = '{path}: duplicate mapping for fields "source" and "target" (source "{source}")'
    UNKNOWN_COMPETENCY = '{path}: field "{field}" refers to an unknown competency "{value}"'
    UNKNOWN_FRAMEWORK = '{path}: field "{field}" refers to an unknown framework "{value}"'
    INVALID = '{path}: field "{field}" is invalid: {detail}'


class FrameworkDataError(ValueError):
    """Refuse a data file; the message names the entry and the field at fault."""


_TYPE_NAMES = {
    bool: "a boolean",
    int: "an integer",
    float: "a number",
    str: "a string",
    list: "a list",
    dict: "a mapping",
    date: "a date",
    type(None): "null",
}


def type_name(value: Any) -> str:
    """Name the YAML type of ``value`` for an error message."""
    return _TYPE_NAMES.get(type(value), type(value).__name__)


class Entry:
    """One mapping of the data file, located by ``path`` (``referentials[0].blocks[1]``)."""

    def __init__(self, value: Any, path: str):
        self.path = path or "top level"
        self._prefix = f"{path}." if path else ""
        if not isinstance(value, dict):
            raise FrameworkDataError(ErrorMessage.NOT_A_MAPPING.format(path=self.path, actual=type_name(value)))
        self.value = value

    def child_path(self, key: str) -> str:
        return f"{self._prefix}{key}"

    def require(self, key: str) -> None:
        """Refuse the entry when ``key`` is absent or null."""
        if self.value.get(key) is None:
            raise FrameworkDataError(ErrorMessage.MISSING.format(path=self.path, field=key))

    def _typed(self, key: str, expected: type | tuple[type, ...], name: str) -> Any:
        value = self.value.get(key)
        # bool is a subclass of int: ``level_cnc: true`` is a mistake, not the number 1.
        if value is None or (isinstance(value, expected) and not (isinstance(value, bool) and expected is int)):
            return value
        raise FrameworkDataError(
            ErrorMessage.WRONG_TYPE.format(path=self.path, field=key, expected=name, actual=type_name(value))
        )

    def string(self, key: str) -> str | None:
        value = self._typed(key, str, "a string")
        return value.strip() if value is not None else None

    def required_string(self, key: str) -> str:
        self.require(key)
        value = self.string(key)
        if not value:
            raise FrameworkDataError(ErrorMessage.MISSING.format(path=self.path, field=key))
        return value

    def integer(self, key: str) -> int | None:
        return self._typed(key, int, "an integer")

    def boolean(self, key: str) -> bool | None:
        return self._typed(key, bool, "a boolean")

    def date(self, key: str) -> date | None:
        value = self._typed(key, (str, date), "a date (YYYY-MM-DD)")
        # YAML reads a bare 2019-07-13 as a date and a quoted one as a string.
        if isinstance(value, datetime):
            return value.date()
        if value is None or isinstance(value, date):
            return value
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise FrameworkDataError(ErrorMessage.BAD_DATE.format(path=self.path, field=key, value=value)) from exc

    def mapping(self, key: str) -> "Entry | None":
        value = self._typed(key, dict, "a mapping")
        return Entry(value, self.child_path(key)) if value is not None else None

    def entries(self, key: str) -> list["Entry"]:
        """Return the mappings listed under ``key`` (none when the key is absent)."""
        items = self._typed(key, list, "a list") or []
        return [Entry(item, f"{self.child_path(key)}[{index}]") for index, item in enumerate(items)]
