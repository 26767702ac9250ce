"""Keep each learner's ``CompetencyStatus`` in step with their results.

The rule (recomputed from scratch for the competencies a new result touches, so it is idempotent
and a lowered grade can take a status back):

* **démontré** — on the items aligned to the competency, the learner's **best** submitted attempt
  reaches at least 75 % (``AttemptCompetencyScore`` points ÷ maximum, over scored or graded items
  only), **or** a trainer graded an assignment aligned to it with every rubric criterion at
  « Satisfaisant » or above (``Answer.mastery``);
* **en cours** — some aligned item was scored or graded, but neither condition holds;
* **non évalué** — nothing aligned to it has been scored or graded yet (an essay awaiting
  correction does not count).

The best attempt, rather than a cumulative ratio, is used because attempts are retakes: an early
failure should not weigh on a competency the learner has since shown. ``score`` stores that best
percentage.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.utils import timezone

from ..models import Answer, AttemptCompetencyScore, AttemptStatus, CompetencyStatus, CompetencyStatusValue

DEMONSTRATED_THRESHOLD = Decimal("75")


def competency_statuses_refresh(*, user_id: int, competency_ids: Iterable[int]) -> dict[int, CompetencyStatus]:
    """Recompute and store the learner's status on each of ``competency_ids``; return them by competency."""
    now = timezone.now()
    ids = sorted(set(competency_ids))
    if not ids:
        return {}
    best: dict[int, Decimal] = {}
    rows = AttemptCompetencyScore.objects.filter(
        attempt__user_id=user_id,
        attempt__status__in=[AttemptStatus.SUBMITTED, AttemptStatus.GRADED],
        competency_id__in=ids,
        max_points__gt=0,
    ).values_list("competency_id", "points", "max_points")
    for competency_id, points, maximum in rows:
        percent = (points * 100 / maximum).quantize(Decimal("0.01"))
        best[competency_id] = max(percent, best.get(competency_id, Decimal("-1")))
    mastered = set(
        Answer.objects.filter(attempt__user_id=user_id, mastery=True, question__competencies__in=ids).values_list(
            "question__competencies", flat=True
        )
    )

    existing = {s.competency_id: s for s in CompetencyStatus.objects.filter(user_id=user_id, competency_id__in=ids)}
    to_create, to_update = [], []
    for competency_id in ids:
        score = best.get(competency_id)
        if competency_id in mastered or (score is not None and score >= DEMONSTRATED_THRESHOLD):
            value = CompetencyStatusValue.DEMONSTRATED
        elif score is not None:
            value = CompetencyStatusValue.IN_PROGRESS
        else:
            value = CompetencyStatusValue.NOT_ASSESSED
        status = existing.get(competency_id)
        if status is None:
            status = CompetencyStatus(
                user_id=user_id, competency_id=competency_id, status=value, score=score, updated_at=now
            )
            to_create.append(status)
            existing[competency_id] = status
        elif status.status != value or status.score != score:
            # Bulk writes skip auto_now: set the timestamp by hand.
            status.status, status.score, status.updated_at = value, score, now
            to_update.append(status)
    if to_create:
        # A concurrent refresh may have created the row meanwhile: the unique constraint keeps one.
        CompetencyStatus.objects.bulk_create(
            to_create,
            update_conflicts=True,
            unique_fields=["user", "competency"],
            update_fields=["status", "score", "updated_at"],
        )
    if to_update:
        CompetencyStatus.objects.bulk_update(to_update, ["status", "score", "updated_at"])
    return existing
