"""The portfolio organised like the dossier professionnel, and its coverage matrix.

Readiness rule (shown to learners and juries): a competency is *covered* when at least one evidence
item AND at least one practice example are linked to it. A block's readiness is the share of its
competencies that are covered; the block is *ready* when all of them are. Evidence reached through
the crosswalk between titles counts, and says so.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from lms.frameworks.models import Block, Competency

from ..models import EvidenceCompetency, EvidenceItem, EvidenceSource, Portfolio, PracticeExample

CERTIFICATE_SOURCES = (EvidenceSource.COURSE_COMPLETION, EvidenceSource.BADGE)


@dataclass
class EvidenceLink:
    item: EvidenceItem
    link: EvidenceCompetency


@dataclass
class CompetencyRow:
    competency: Competency
    evidence: list[EvidenceLink] = field(default_factory=list)
    examples: list[PracticeExample] = field(default_factory=list)

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence)

    @property
    def has_example(self) -> bool:
        return bool(self.examples)

    @property
    def covered(self) -> bool:
        return self.has_evidence and self.has_example

    @property
    def only_via_mapping(self) -> bool:
        return bool(self.evidence) and all(entry.link.via_mapping for entry in self.evidence)


@dataclass
class BlockRow:
    block: Block
    competencies: list[CompetencyRow] = field(default_factory=list)
    examples: list[PracticeExample] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.competencies)

    @property
    def covered_count(self) -> int:
        return sum(1 for row in self.competencies if row.covered)

    @property
    def readiness_percent(self) -> int:
        return round(self.covered_count * 100 / self.total) if self.total else 0

    @property
    def ready(self) -> bool:
        return bool(self.total) and self.covered_count == self.total

    @property
    def missing_evidence(self) -> list[CompetencyRow]:
        return [row for row in self.competencies if not row.has_evidence]

    @property
    def missing_examples(self) -> list[CompetencyRow]:
        return [row for row in self.competencies if not row.has_example]


@dataclass
class PortfolioOverview:
    portfolio: Portfolio
    blocks: list[BlockRow]
    evidence: list[EvidenceItem]
    examples: list[PracticeExample]

    @property
    def unlinked_evidence(self) -> list[EvidenceItem]:
        """Return the evidence that supports none of the title's competencies (kept, shown apart)."""
        return [item for item in self.evidence if not item.competency_links.all()]

    @property
    def certificates(self) -> list[EvidenceItem]:
        """Return attestations and badges: what carries a verification URL."""
        return [item for item in self.evidence if item.source_type in CERTIFICATE_SOURCES]

    @property
    def uploads(self) -> list[EvidenceItem]:
        return [item for item in self.evidence if item.is_upload]

    @property
    def covered_count(self) -> int:
        return sum(block.covered_count for block in self.blocks)

    @property
    def total(self) -> int:
        return sum(block.total for block in self.blocks)

    @property
    def has_provisional(self) -> bool:
        return any(row.competency.is_provisional for block in self.blocks for row in block.competencies)


def portfolio_overview(*, portfolio: Portfolio) -> PortfolioOverview:
    """Return the portfolio's blocks, competencies, examples and evidence, linked, in a fixed number of queries."""
    competencies = Competency.objects.select_related("framework", "block").order_by("sort_order", "code")
    blocks = list(
        Block.objects.filter(framework_id=portfolio.framework_id)
        .prefetch_related(Prefetch("competencies", queryset=competencies))
        .order_by("sort_order", "code")
    )
    examples = list(
        PracticeExample.objects.filter(portfolio=portfolio)
        .select_related("block")
        .prefetch_related(Prefetch("competencies", queryset=Competency.objects.only("pk")), "evidence")
        .order_by("block__sort_order", "sort_order", "created_at", "pk")
    )
    evidence = list(
        EvidenceItem.objects.filter(portfolio=portfolio)
        .select_related("evidence_type")
        .prefetch_related("competency_links")
        .order_by("-occurred_on", "-collected_at", "-pk")
    )
    rows: dict[int, CompetencyRow] = {}
    block_rows = []
    for block in blocks:
        block_row = BlockRow(block=block)
        for competency in block.competencies.all():
            row = rows[competency.pk] = CompetencyRow(competency=competency)
            block_row.competencies.append(row)
        block_rows.append(block_row)
    by_block = {row.block.pk: row for row in block_rows}
    for example in examples:
        if example.block_id in by_block:
            by_block[example.block_id].examples.append(example)
        for competency in example.competencies.all():
            if competency.pk in rows:
                rows[competency.pk].examples.append(example)
    for item in evidence:
        for link in item.competency_links.all():
            if link.competency_id in rows:
                rows[link.competency_id].evidence.append(EvidenceLink(item=item, link=link))
    return PortfolioOverview(portfolio=portfolio, blocks=block_rows, evidence=evidence, examples=examples)
