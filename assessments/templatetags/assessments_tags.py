from decimal import Decimal

from django import template

from ..models import AssessmentPage

register = template.Library()


@register.filter
def lookup(mapping, key):
    """Return ``mapping[key]`` (``None`` if absent): saved answers are dicts keyed by item id."""
    if isinstance(mapping, dict):
        return mapping.get(key)
    return None


@register.filter
def percent(value, digits: int = 0):
    """Format a percentage the French way (« 66,7 % »); empty for ``None``."""
    if value is None:
        return ""
    number = round(Decimal(str(value)), int(digits))
    return f"{number}".replace(".", ",") + "\u00a0%"


@register.filter
def ratio(value, digits: int = 2):
    """Format a 0–1 statistic with a decimal comma; « — » when it cannot be computed."""
    if value is None:
        return "—"
    return f"{value:.{int(digits)}f}".replace(".", ",")


@register.inclusion_tag("assessments/tags/course_assessments.html")
def course_assessments(course):
    """List the live assessments of ``course`` (for the course page's actions block)."""
    assessments = AssessmentPage.objects.live().child_of(course).order_by("path")
    return {
        "assessments": list(assessments.only("id", "title", "url_path", "path", "depth", "required_for_completion"))
    }
