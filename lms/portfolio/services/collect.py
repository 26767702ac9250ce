"""Collect a portfolio's evidence from the learning records: idempotent, snapshot-based.

Each source item becomes one ``EvidenceItem`` (unique per portfolio, source type and source id) the
first time it is seen; later runs never touch it again, so the snapshot keeps what was true when it
was collected. Competencies of another title reach the portfolio's title through the crosswalk
(``CompetencyMapping``), and the link says so ("via correspondance proposée").
"""

import logging
from dataclasses import dataclass
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from lms.frameworks.models import Competency, CompetencyMapping, EvidenceType

from ..models import EvidenceCompetency, EvidenceItem, EvidenceSource, Portfolio
from . import sources

logger = logging.getLogger(__name__)

#: Version of the snapshot format, stored in each snapshot so that readers can adapt later.
SNAPSHOT_SCHEMA = 1


@dataclass(frozen=True)
class CompetencyLink:
    competency: Competency
    via_mapping: bool = False
    mapping_status: str = ""
    source: Competency | None = None


class CompetencyResolver:
    """Map competency ids of any framework onto the portfolio's title, in three queries for a whole run."""

    def __init__(self, *, portfolio: Portfolio, competency_ids: set[int]) -> None:
        from assessments.models import CompetencyStatus

        self.framework_id = portfolio.framework_id
        self.competencies = {
            competency.pk: competency
            for competency in Competency.objects.filter(pk__in=competency_ids).select_related("framework", "block")
        }
        others = [pk for pk, competency in self.competencies.items() if competency.framework_id != self.framework_id]
        self.mapped: dict[int, list[CompetencyLink]] = {}
        mappings = CompetencyMapping.objects.filter(
            Q(source_id__in=others, target__framework_id=self.framework_id)
            | Q(target_id__in=others, source__framework_id=self.framework_id)
        ).select_related("source__framework", "source__block", "target__framework", "target__block")
        for mapping in mappings.order_by("pk"):
            outside, inside = (
                (mapping.source, mapping.target)
                if mapping.target.framework_id == self.framework_id
                else (mapping.target, mapping.source)
            )
            self.mapped.setdefault(outside.pk, []).append(
                CompetencyLink(competency=inside, via_mapping=True, mapping_status=mapping.status, source=outside)
            )
        involved = set(self.competencies) | {link.competency.pk for links in self.mapped.values() for link in links}
        self.statuses = {
            status.competency_id: status
            for status in CompetencyStatus.objects.filter(user_id=portfolio.user_id, competency_id__in=involved)
        }

    def links(self, competency_ids: list[int]) -> list[CompetencyLink]:
        """Return the title's competencies that ``competency_ids`` support, direct links first, no duplicates."""
        direct, mapped, seen = [], [], set()
        for pk in competency_ids:
            competency = self.competencies.get(pk)
            if competency is None:
                continue
            if competency.framework_id == self.framework_id:
                if competency.pk not in seen:
                    seen.add(competency.pk)
                    direct.append(CompetencyLink(competency=competency))
                continue
            mapped.extend(self.mapped.get(pk, []))
        unique_mapped = []
        for link in mapped:
            if link.competency.pk not in seen:
                seen.add(link.competency.pk)
                unique_mapped.append(link)
        return direct + unique_mapped

    def describe(self, link: CompetencyLink, *, score: int | None) -> dict:
        """Return the snapshot entry of one link: wording, provisional flag and the learner's status today."""
        competency = link.competency
        status = self.statuses.get(competency.pk) or (self.statuses.get(link.source.pk) if link.source else None)
        entry = {
            "reference": competency.reference,
            "code": competency.code,
            "block": competency.block.code,
            "title": competency.title,
            "provisional": competency.is_provisional,
            "learner_status": status.status if status else "",
            "learner_status_label": str(status.get_status_display()) if status else "",
            "via_mapping": link.via_mapping,
        }
        if link.via_mapping:
            entry.update(
                {
                    "mapping_status": link.mapping_status,
                    "source_reference": link.source.reference,
                    "source_title": link.source.title,
                }
            )
        if score is not None:
            entry["score_percent"] = score
        return entry


def _evidence_types() -> dict[str, EvidenceType]:
    return {evidence_type.code: evidence_type for evidence_type in EvidenceType.objects.all()}


def portfolio_collect_evidence(*, portfolio: Portfolio) -> int:
    """Add the evidence found in the learner's records that the portfolio does not hold yet; return how many.

    Safe to run any number of times, concurrently too: the unique constraint keeps one item per source.
    """
    existing = set(
        EvidenceItem.objects.filter(portfolio=portfolio)
        .exclude(source_type=EvidenceSource.UPLOAD)
        .values_list("source_type", "source_id")
    )
    user = portfolio.user
    candidates = [
        candidate
        for read in sources.READERS
        for candidate in read(user=user)
        if (candidate.source_type, candidate.source_id) not in existing
    ]
    created = 0
    if candidates:
        resolver = CompetencyResolver(
            portfolio=portfolio, competency_ids={pk for candidate in candidates for pk in candidate.competency_ids}
        )
        evidence_types = _evidence_types()
        for candidate in candidates:
            created += _evidence_store(
                portfolio=portfolio, candidate=candidate, resolver=resolver, evidence_types=evidence_types
            )
    Portfolio.objects.filter(pk=portfolio.pk).update(evidence_collected_at=timezone.now())
    return created


def _evidence_store(*, portfolio, candidate, resolver: CompetencyResolver, evidence_types) -> int:
    links = resolver.links(candidate.competency_ids)
    snapshot = {
        **candidate.snapshot,
        "schema": SNAPSHOT_SCHEMA,
        "competencies": [
            resolver.describe(link, score=candidate.competency_scores.get((link.source or link.competency).pk))
            for link in links
        ],
    }
    item = EvidenceItem(
        portfolio=portfolio,
        source_type=candidate.source_type,
        source_id=candidate.source_id,
        evidence_type=evidence_types.get(candidate.evidence_type_code),
        occurred_on=candidate.occurred_on,
        snapshot=snapshot,
    )
    try:
        with transaction.atomic():
            item.save()
            EvidenceCompetency.objects.bulk_create(
                EvidenceCompetency(
                    evidence=item,
                    competency=link.competency,
                    via_mapping=link.via_mapping,
                    mapping_status=link.mapping_status,
                    source_reference=link.source.reference if link.source else "",
                )
                for link in links
            )
    except IntegrityError:
        # A concurrent run stored this source first: it is there, which is all that matters.
        return 0
    return 1


def portfolios_collect_for_user(*, user_id: int) -> int:
    """Collect the evidence of every portfolio of ``user_id``; return how many items were added."""
    portfolios = Portfolio.objects.filter(user_id=user_id, user__is_active=True).select_related("user", "framework")
    return sum(portfolio_collect_evidence(portfolio=portfolio) for portfolio in portfolios)


def portfolio_evidence_refresh_enqueue(*, user_id: int) -> None:
    """Queue an evidence collection for ``user_id`` once the caller's transaction commits.

    Other apps call this after an event that may produce evidence (a completion, a graded answer, an
    attendance, a badge). It costs one cheap task when the learner has no portfolio.
    """
    from ..tasks import collect_evidence_for_user

    transaction.on_commit(partial(collect_evidence_for_user.delay, user_id), robust=True)
