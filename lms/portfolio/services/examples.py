"""Write practice examples: every rich-text field is sanitised here, whatever the caller."""

import re
from collections.abc import Iterable

from django.db import transaction

from lms.frameworks.models import Block, Competency

from .. import errors
from ..errors import PortfolioError
from ..models import EvidenceItem, Portfolio, PracticeExample
from ..sanitize import plain_text_length, sanitize_rich_text

#: Raw input accepted per rich-text field, before sanitising (about four pages of markup-heavy text):
#: it bounds the sanitiser's work; the three-page indicator is what guides the writer.
MAX_RICH_TEXT_INPUT = 20_000
RICH_FIELDS = ("tasks", "means", "collaborators", "extra")
REQUIRED_RICH_FIELDS = ("tasks", "means", "collaborators")
PLAIN_FIELDS = ("title", "context_structure", "context_service", "context_period")
REQUIRED_PLAIN_FIELDS = ("title", "context_structure", "context_period")

_BLOCK_MARKUP_RE = re.compile(r"<\s*(?:p|br|ul|ol|li)\b", re.IGNORECASE)
_BLANK_LINE_RE = re.compile(r"\n\s*\n")


def rich_text_clean(value: str) -> str:
    """Return ``value`` as sanitised HTML; text typed without paragraph markup keeps its line breaks.

    A learner typing in a plain textarea separates paragraphs with blank lines: those become
    ``<p>`` and single line breaks ``<br>``. Markup is then reduced to the allowlist. The result is
    stable: cleaning it again returns it unchanged.
    """
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not value:
        return ""
    if not _BLOCK_MARKUP_RE.search(value):
        paragraphs = [part.strip() for part in _BLANK_LINE_RE.split(value) if part.strip()]
        value = "".join("<p>" + part.replace("\n", "<br>") + "</p>" for part in paragraphs)
    return sanitize_rich_text(value)


def example_text_length(values: dict) -> int:
    """Count the visible characters of an example (title, context and rich-text fields)."""
    plain = sum(len((values.get(name) or "").strip()) for name in PLAIN_FIELDS)
    return plain + sum(plain_text_length(values.get(name) or "") for name in RICH_FIELDS)


def _field_label(name: str) -> str:
    return str(PracticeExample._meta.get_field(name).verbose_name)


def _clean_values(values: dict) -> dict:
    cleaned = {}
    for name in PLAIN_FIELDS:
        cleaned[name] = (values.get(name) or "").strip()
        max_length = PracticeExample._meta.get_field(name).max_length
        if len(cleaned[name]) > max_length:
            raise PortfolioError(errors.TEXT_TOO_LONG % {"field": _field_label(name), "max": max_length}, field=name)
    for name in RICH_FIELDS:
        raw = values.get(name) or ""
        if len(raw) > MAX_RICH_TEXT_INPUT:
            raise PortfolioError(
                errors.TEXT_TOO_LONG % {"field": _field_label(name), "max": MAX_RICH_TEXT_INPUT}, field=name
            )
        cleaned[name] = rich_text_clean(raw)
    for name in REQUIRED_PLAIN_FIELDS:
        if not cleaned[name]:
            raise PortfolioError(errors.REQUIRED_FIELD % {"field": _field_label(name)}, field=name)
    for name in REQUIRED_RICH_FIELDS:
        if not plain_text_length(cleaned[name]):
            raise PortfolioError(errors.REQUIRED_FIELD % {"field": _field_label(name)}, field=name)
    return cleaned


def _check_links(
    *, portfolio: Portfolio, block: Block, competencies: Iterable[Competency], evidence: Iterable[EvidenceItem]
) -> None:
    if block.framework_id != portfolio.framework_id:
        raise PortfolioError(errors.BLOCK_OTHER_TITLE, field="block")
    if any(competency.framework_id != portfolio.framework_id for competency in competencies):
        raise PortfolioError(errors.COMPETENCY_OTHER_TITLE, field="competencies")
    if any(item.portfolio_id != portfolio.pk for item in evidence):
        raise PortfolioError(errors.EVIDENCE_OTHER_PORTFOLIO, field="evidence")


@transaction.atomic
def practice_example_create(
    *,
    portfolio: Portfolio,
    block: Block,
    title: str,
    tasks: str,
    means: str,
    collaborators: str,
    context_structure: str,
    context_period: str,
    context_service: str = "",
    extra: str = "",
    competencies: Iterable[Competency] = (),
    evidence: Iterable[EvidenceItem] = (),
) -> PracticeExample:
    """Create a practice example of ``portfolio`` for the activity type ``block``, its HTML sanitised."""
    competencies, evidence = list(competencies), list(evidence)
    _check_links(portfolio=portfolio, block=block, competencies=competencies, evidence=evidence)
    values = _clean_values(
        {
            "title": title,
            "tasks": tasks,
            "means": means,
            "collaborators": collaborators,
            "context_structure": context_structure,
            "context_service": context_service,
            "context_period": context_period,
            "extra": extra,
        }
    )
    last = portfolio.examples.filter(block=block).order_by("-sort_order").values_list("sort_order", flat=True).first()
    example = PracticeExample(
        portfolio=portfolio,
        block=block,
        text_length=example_text_length(values),
        sort_order=(last or 0) + 1,
        **values,
    )
    example.full_clean()
    example.save()
    example.competencies.set(competencies)
    example.evidence.set(evidence)
    return example


@transaction.atomic
def practice_example_update(
    *,
    example: PracticeExample,
    block: Block,
    competencies: Iterable[Competency] = (),
    evidence: Iterable[EvidenceItem] = (),
    **values: str,
) -> PracticeExample:
    """Change a practice example; the same sanitising and checks as on creation apply."""
    competencies, evidence = list(competencies), list(evidence)
    _check_links(portfolio=example.portfolio, block=block, competencies=competencies, evidence=evidence)
    unknown = set(values) - set(PLAIN_FIELDS) - set(RICH_FIELDS)
    if unknown:
        raise TypeError(f"Unknown practice example fields: {sorted(unknown)}")
    current = {name: getattr(example, name) for name in (*PLAIN_FIELDS, *RICH_FIELDS)}
    cleaned = _clean_values({**current, **values})
    for name, value in cleaned.items():
        setattr(example, name, value)
    example.block = block
    example.text_length = example_text_length(cleaned)
    example.full_clean()
    example.save()
    example.competencies.set(competencies)
    example.evidence.set(evidence)
    return example


def practice_example_delete(*, example: PracticeExample) -> None:
    example.delete()
