"""Pure helpers of submission and grading: totals, pass/fail and points per competency."""

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from ..models import Answer


def attempt_totals(answers: Iterable[Answer]) -> tuple[Decimal, Decimal, bool]:
    """Return (points, maximum, whether a person still has to grade something) over ``answers``."""
    points = maximum = Decimal("0")
    pending = False
    for answer in answers:
        maximum += answer.max_points or 0
        if answer.needs_grading:
            pending = True
        else:
            points += answer.points or 0
    return points, maximum, pending


def is_passed(*, score: Decimal, max_score: Decimal, pass_mark: int) -> bool:
    """Return whether ``score`` reaches ``pass_mark`` percent of ``max_score`` (compared without division)."""
    if max_score <= 0:
        return pass_mark == 0
    return score * 100 >= max_score * pass_mark


def competency_totals(
    answers: Iterable[Answer], competencies_of: dict[int, list[int]]
) -> dict[int, tuple[Decimal, Decimal]]:
    """Return {competency id: (points, maximum)} over the answers already scored or graded.

    Answers a person has not graded yet are left out of both sums, so a pending essay neither helps
    nor hurts a competency until its grade arrives.
    """
    totals: dict[int, list[Decimal]] = defaultdict(lambda: [Decimal("0"), Decimal("0")])
    for answer in answers:
        if answer.needs_grading or answer.points is None:
            continue
        for competency_id in competencies_of.get(answer.question_id, ()):
            totals[competency_id][0] += answer.points
            totals[competency_id][1] += answer.max_points or 0
    return {competency_id: (points, maximum) for competency_id, (points, maximum) in totals.items()}
