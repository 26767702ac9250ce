"""Reads for authors: item analysis of an assessment and its score distribution (four queries)."""

from collections import defaultdict

from ..models import Answer, AssessmentPage, Attempt, AttemptStatus, Question
from ..question_types import get_type
from ..statistics import discrimination_index, histogram, p_value, point_biserial

# Geometry of the server-rendered SVG histogram (user units of its viewBox).
SVG_WIDTH, SVG_HEIGHT, SVG_LEFT, SVG_BOTTOM, SVG_TOP = 640, 260, 40, 40, 16


def histogram_bars(bins: list[dict]) -> dict:
    """Return the bars of the SVG histogram: position and size of each, scaled to the largest count."""
    plot_width = SVG_WIDTH - SVG_LEFT - 8
    plot_height = SVG_HEIGHT - SVG_BOTTOM - SVG_TOP
    largest = max((b["count"] for b in bins), default=0) or 1
    step = plot_width / len(bins)
    bars = []
    for index, entry in enumerate(bins):
        height = plot_height * entry["count"] / largest
        bars.append(
            {
                **entry,
                "x": round(SVG_LEFT + index * step + 2, 1),
                "width": round(step - 4, 1),
                "y": round(SVG_TOP + plot_height - height, 1),
                "height": round(height, 1),
                "label_x": round(SVG_LEFT + index * step + step / 2, 1),
                "count_y": round(SVG_TOP + plot_height - height - 4, 1),
            }
        )
    return {
        "bars": bars,
        "width": SVG_WIDTH,
        "height": SVG_HEIGHT,
        "axis_y": SVG_TOP + plot_height,
        "axis_left": SVG_LEFT,
        "axis_right": SVG_WIDTH - 8,
        "label_y": SVG_TOP + plot_height + 18,
        "largest": largest,
    }


def assessment_statistics(*, assessment: AssessmentPage) -> dict:
    """Return the item analysis (per question) and score distribution of the assessment's graded attempts."""
    attempts = {
        row["pk"]: row
        for row in Attempt.objects.filter(assessment=assessment, status=AttemptStatus.GRADED, max_score__gt=0).values(
            "pk", "score", "max_score"
        )
    }
    per_question: dict[int, list[tuple[int, float, float, float]]] = defaultdict(list)
    rows = Answer.objects.filter(attempt_id__in=list(attempts), max_points__gt=0, points__isnull=False).values_list(
        "attempt_id", "question_id", "points", "max_points"
    )
    for attempt_id, question_id, points, maximum in rows:
        per_question[question_id].append((attempt_id, float(points / maximum), float(points), float(maximum)))
    questions = Question.objects.in_bulk(list(per_question))

    items = []
    for question_id, entries in per_question.items():
        item_scores, rest_scores, totals = [], [], []
        for attempt_id, fraction, points, maximum in entries:
            attempt = attempts[attempt_id]
            score, max_score = float(attempt["score"]), float(attempt["max_score"])
            item_scores.append(fraction)
            totals.append(score / max_score)
            rest_max = max_score - maximum
            rest_scores.append((score - points) / rest_max if rest_max > 0 else 0.0)
        question = questions[question_id]
        items.append(
            {
                "question": question,
                "kind_label": get_type(question.kind).label,
                "count": len(entries),
                "p_value": p_value(item_scores),
                "point_biserial": point_biserial(item_scores, rest_scores),
                "discrimination": discrimination_index(item_scores, totals),
            }
        )
    items.sort(key=lambda item: (item["p_value"] if item["p_value"] is not None else 2, item["question"].pk))
    percentages = [float(a["score"] * 100 / a["max_score"]) for a in attempts.values()]
    bins = histogram(percentages)
    return {
        "attempt_count": len(attempts),
        "mean_percent": sum(percentages) / len(percentages) if percentages else None,
        "pass_count": sum(1 for value in percentages if value >= assessment.pass_mark),
        "items": items,
        "bins": bins,
        "svg": histogram_bars(bins),
    }
