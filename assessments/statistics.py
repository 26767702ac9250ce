"""Item analysis and score distribution, as plain functions over numbers (no database).

* **p-value** (difficulty index): the mean share of the points earned on the item, 0–1. For an
  item scored right/wrong it is the proportion of attempts that got it right.
* **Point-biserial** (``point_biserial``): Pearson's correlation between the item's score and the
  attempt's score on the *other* items (the "rest" score), so the item does not correlate with
  itself. Above ~0.3 the item separates strong from weak attempts well; below 0 it misleads.
* **Upper–lower index** (``discrimination_index``): the item's mean score in the top 27 % of
  attempts (by total) minus that in the bottom 27 %; the group size is 27 % of the attempts
  rounded half up, at least one.
"""

import math
from collections.abc import Sequence

UPPER_LOWER_FRACTION = 0.27


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def p_value(item_scores: Sequence[float]) -> float | None:
    """Return the mean of the item's scores, each a fraction of its maximum (0–1)."""
    return mean(item_scores)


def point_biserial(item_scores: Sequence[float], other_scores: Sequence[float]) -> float | None:
    """Return Pearson's r between item scores and rest scores, or ``None`` if either does not vary."""
    n = len(item_scores)
    if n < 2 or n != len(other_scores):
        return None
    mean_x, mean_y = sum(item_scores) / n, sum(other_scores) / n
    covariance = sum((x - mean_x) * (y - mean_y) for x, y in zip(item_scores, other_scores, strict=True))
    spread_x = math.sqrt(sum((x - mean_x) ** 2 for x in item_scores))
    spread_y = math.sqrt(sum((y - mean_y) ** 2 for y in other_scores))
    if spread_x == 0 or spread_y == 0:
        return None
    return covariance / (spread_x * spread_y)


def group_size(n: int, fraction: float = UPPER_LOWER_FRACTION) -> int:
    return max(1, int(n * fraction + 0.5))


def discrimination_index(
    item_scores: Sequence[float], totals: Sequence[float], fraction: float = UPPER_LOWER_FRACTION
) -> float | None:
    """Return mean item score of the top group minus that of the bottom group (ties broken by position)."""
    n = len(item_scores)
    if n < 2 or n != len(totals):
        return None
    size = group_size(n, fraction)
    order = sorted(range(n), key=lambda index: (totals[index], index))
    lower, upper = order[:size], order[-size:]
    return mean([item_scores[i] for i in upper]) - mean([item_scores[i] for i in lower])


def histogram(percentages: Sequence[float], bins: int = 10) -> list[dict]:
    """Count percentages into ``bins`` equal ranges of 0–100; 100 falls in the last range."""
    width = 100 / bins
    counts = [0] * bins
    for value in percentages:
        index = min(int(max(value, 0) // width), bins - 1)
        counts[index] += 1
    return [
        {"low": round(i * width), "high": round((i + 1) * width), "count": count, "last": i == bins - 1}
        for i, count in enumerate(counts)
    ]
