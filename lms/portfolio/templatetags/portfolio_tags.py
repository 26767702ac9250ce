"""Template filters of the portfolio: learner HTML, snapshot links, lookups by id."""

from datetime import date
from urllib.parse import urlsplit

from django import template
from django.utils.safestring import mark_safe

from ..models import JuryOpinionValue
from ..sanitize import THREE_PAGE_BUDGET_CHARS, sanitize_rich_text

register = template.Library()


@register.filter
def portfolio_rich(value: str) -> str:
    """Render learner rich text, sanitised again on the way out (stored values already are)."""
    return mark_safe(sanitize_rich_text(value or ""))  # noqa: S308 - output of the allowlist sanitiser


@register.filter
def http_url(value) -> str:
    """Return ``value`` if it is an absolute http(s) URL, else "" (snapshot URLs are data, not trusted)."""
    value = str(value or "").strip()
    parts = urlsplit(value)
    return value if parts.scheme in ("http", "https") and parts.netloc else ""


@register.filter
def iso_date(value) -> str:
    """Format a snapshot's ISO date ("2025-03-12") the French way ("12/03/2025"); leave anything else as is."""
    try:
        return date.fromisoformat(str(value)).strftime("%d/%m/%Y")
    except ValueError:
        return str(value or "")


@register.filter
def get_item(mapping, key):
    """Return ``mapping[key]`` or ``None`` (templates cannot index a dict by a variable)."""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def opinion_label(value: str) -> str:
    try:
        return str(JuryOpinionValue(value).label)
    except ValueError:
        return ""


@register.simple_tag
def three_page_budget() -> int:
    return THREE_PAGE_BUDGET_CHARS
