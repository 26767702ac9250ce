"""Territory statistics for coordinators: counts only, no names, small counts suppressed.

A count below ``SMALL_COUNT`` is shown as « < 5 », never as its value, so nobody can be recognised
in a small département. Only groups that exist are listed, so there is no zero to protect.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import get_language

from lms.accounts.territories import DEPARTEMENTS, REGIONS
from lms.core.cache_helpers import cached_or_computed

from ..models import CourseCompletion, Enrolment

SMALL_COUNT = 5
UNKNOWN_TERRITORY = "Non renseigné"
CACHE_KEY = "learning:territory-statistics:{region}:{language}"


@dataclass(frozen=True)
class ShownCount:
    """A count as it may be shown: ``value`` is ``None`` when the count is suppressed."""

    value: int | None
    label: str


def suppressed(count: int) -> ShownCount:
    if count < SMALL_COUNT:
        return ShownCount(value=None, label=f"< {SMALL_COUNT}")
    return ShownCount(value=count, label=str(count))


@dataclass
class TerritoryRow:
    code: str
    name: str
    learners: ShownCount
    completions: ShownCount


def _territory_rows(learners: dict[str, int], completions: dict[str, int], names: dict[str, str]) -> list[TerritoryRow]:
    codes = sorted(set(learners) | set(completions), key=lambda code: (not code, names.get(code, code)))
    return [
        TerritoryRow(
            code=code,
            name=names.get(code, code) if code else UNKNOWN_TERRITORY,
            learners=suppressed(learners.get(code, 0)),
            completions=suppressed(completions.get(code, 0)),
        )
        for code in codes
    ]


def _grouped(queryset, key: str, count) -> dict[str, int]:
    return {row[key] or "": row["count"] for row in queryset.values(key).annotate(count=count).order_by()}


def territory_statistics(*, region: str = "") -> dict:
    """Return learners and completions per région, per département (of ``region`` if given), and
    completions per theme and per competency block (in ``region`` if given): six grouped queries."""
    learners_count = Count("user", distinct=True)
    by_region = _territory_rows(
        _grouped(Enrolment.objects.all(), "user__region", learners_count),
        _grouped(CourseCompletion.objects.all(), "user__region", Count("pk")),
        REGIONS,
    )
    enrolments = Enrolment.objects.all()
    completions = CourseCompletion.objects.all()
    if region:
        enrolments = enrolments.filter(user__region=region)
        completions = completions.filter(user__region=region)
    departement_names = {code: f"{code} – {name}" for code, (name, _region) in DEPARTEMENTS.items()}
    by_departement = _territory_rows(
        _grouped(enrolments, "user__departement", learners_count),
        _grouped(completions, "user__departement", Count("pk")),
        departement_names,
    )
    by_theme = [
        (row["course__theme__title"] or UNKNOWN_TERRITORY, suppressed(row["count"]))
        for row in completions.values("course__theme__title", "course__theme__sort_order")
        .annotate(count=Count("pk"))
        .order_by("course__theme__sort_order", "course__theme__title")
    ]
    by_block = [
        (
            f"{row['course__competencies__framework__code']} · {row['course__competencies__block__code']}",
            row["course__competencies__block__activity_type"],
            suppressed(row["count"]),
        )
        for row in completions.filter(course__competencies__isnull=False)
        .values(
            "course__competencies__block_id",
            "course__competencies__framework__code",
            "course__competencies__framework__sort_order",
            "course__competencies__block__code",
            "course__competencies__block__sort_order",
            "course__competencies__block__activity_type",
        )
        .annotate(count=Count("pk", distinct=True))
        .order_by("course__competencies__framework__sort_order", "course__competencies__block__sort_order")
    ]
    return {
        "by_region": by_region,
        "by_departement": by_departement,
        "by_theme": by_theme,
        "by_block": by_block,
        "region_name": REGIONS.get(region, ""),
    }


def statistics_cache_seconds() -> int:
    """Return how long the coordinators' figures are kept (``TREMPLIN_COORDINATION_CACHE_SECONDS``, 600)."""
    return getattr(settings, "TREMPLIN_COORDINATION_CACHE_SECONDS", 600)


def territory_statistics_cached(*, region: str = "") -> dict:
    """Return ``territory_statistics`` computed at most ``statistics_cache_seconds()`` ago, with ``computed_at``.

    The six grouped queries scan every enrolment and completion (≈ 0.7 s with 40,000 learners); the
    figures are trends for a territory, so a few minutes' delay is acceptable and the page says when
    they were computed. When the cache is unreachable the figures are computed on every request.
    """
    key = CACHE_KEY.format(region=region or "all", language=get_language() or "")
    return cached_or_computed(
        key,
        lambda: {**territory_statistics(region=region), "computed_at": timezone.now()},
        timeout=statistics_cache_seconds(),
        what="coordination statistics",
    )
