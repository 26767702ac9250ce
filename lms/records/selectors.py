"""Reads for the learning-records ledger."""

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Statement

EXPORT_HEADER = (
    gettext_lazy("date"),
    gettext_lazy("verbe"),
    gettext_lazy("activité"),
    gettext_lazy("type"),
    gettext_lazy("score"),
    gettext_lazy("réussite"),
    gettext_lazy("achèvement"),
    gettext_lazy("durée"),
    gettext_lazy("compétences"),
)


def statements_for_user(*, user, newest_first: bool = False) -> QuerySet[Statement]:
    """Return the user's statements in the order they happened (``newest_first`` for listings)."""
    order = ("-timestamp", "-stored") if newest_first else ("timestamp", "stored")
    return Statement.objects.filter(user=user).order_by(*order)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else (_("oui") if value else _("non"))


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return ""
    hours, rest = divmod(round(seconds), 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


def statements_export_rows(*, user) -> Iterator[tuple[str, ...]]:
    """Yield the CSV export of the user's statements: the header, then one row per statement."""
    yield tuple(str(label) for label in EXPORT_HEADER)
    fields = ("timestamp", "verb", "object_name", "object_type", "result", "context")
    for statement in statements_for_user(user=user).only(*fields).iterator(chunk_size=500):
        score = statement.score_percent
        yield (
            timezone.localtime(statement.timestamp).strftime("%Y-%m-%d %H:%M:%S"),
            statement.verb_label,
            statement.object_name,
            statement.object_type_label,
            "" if score is None else f"{score} %",
            _yes_no(statement.success),
            _yes_no(statement.completion),
            _clock(statement.duration_seconds),
            ", ".join(statement.competency_references),
        )


def statements_export_raw(*, user) -> Iterator[dict]:
    """Yield the user's statements as the xAPI JSON that was recorded, oldest first."""
    yield from statements_for_user(user=user).values_list("raw", flat=True).iterator(chunk_size=500)
