"""Reads for competency frameworks: listings come with their blocks and competencies prefetched."""

from collections.abc import Iterable

from django.db.models import Prefetch, Q, QuerySet

from .models import Block, Competency, CompetencyMapping, Framework


def _frameworks_with_children() -> QuerySet[Framework]:
    # Competencies hang off each block, so ``block.competencies.all()`` costs no query in templates.
    blocks = Block.objects.order_by("sort_order", "code").prefetch_related(
        Prefetch("competencies", queryset=Competency.objects.order_by("sort_order", "code"))
    )
    return Framework.objects.select_related("superseded_by").prefetch_related(
        Prefetch("blocks", queryset=blocks), Prefetch("supersedes", queryset=Framework.objects.order_by("code"))
    )


def framework_list() -> QuerySet[Framework]:
    """Return every framework in display order, with blocks, competencies and successors prefetched."""
    return _frameworks_with_children().order_by("sort_order", "code")


def framework_get(code: str) -> Framework | None:
    """Return the framework with ``code`` (blocks and competencies prefetched), or ``None``."""
    return _frameworks_with_children().filter(code=code).first()


def _split_reference(reference: str) -> tuple[str, str, str] | None:
    parts = reference.split("/")
    if len(parts) != 3 or not all(parts):
        return None
    return parts[0], parts[1], parts[2]


def competencies_by_references(references: Iterable[str]) -> dict[str, Competency]:
    """Return the competencies named ``FRAMEWORK/BLOCK/COMPETENCY``, keyed by reference, in one query.

    References that are malformed or match nothing are left out of the result.
    """
    wanted = {ref: parts for ref in references if (parts := _split_reference(ref))}
    if not wanted:
        return {}
    # Filtering on framework and competency codes, then on the exact reference, keeps it to one query
    # without an OR of one clause per reference.
    candidates = Competency.objects.select_related("framework", "block").filter(
        framework__code__in={parts[0] for parts in wanted.values()},
        code__in={parts[2] for parts in wanted.values()},
    )
    found = {competency.reference: competency for competency in candidates}
    return {ref: found[ref] for ref in wanted if ref in found}


def competency_by_reference(reference: str) -> Competency | None:
    """Return the competency named ``FRAMEWORK/BLOCK/COMPETENCY`` (``REMN-2019/CCP1/CP3``), or ``None``."""
    return competencies_by_references([reference]).get(reference)


def mappings_for(framework: Framework) -> QuerySet[CompetencyMapping]:
    """Return the crosswalk entries leaving or reaching ``framework``, with both competencies loaded."""
    return (
        CompetencyMapping.objects.filter(Q(source__framework=framework) | Q(target__framework=framework))
        .select_related("source__framework", "source__block", "target__framework", "target__block")
        .order_by(
            "source__framework__sort_order",
            "source__block__sort_order",
            "source__sort_order",
            "target__framework__sort_order",
            "target__block__sort_order",
            "target__sort_order",
        )
    )
