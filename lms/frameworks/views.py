"""Public pages: the list of competency frameworks and one framework with its blocks and crosswalk."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from lms.core.page_cache import cache_for_anonymous

from . import selectors


@cache_for_anonymous
@require_safe
def framework_index(request):
    context = {"frameworks": selectors.framework_list(), "today": timezone.localdate()}
    return render(request, "frameworks/framework_index.html", context)


@cache_for_anonymous
@require_safe
def framework_detail(request, code):
    framework = selectors.framework_get(code)
    if framework is None:
        raise Http404
    levels = []
    if framework.level_min is not None and framework.level_max is not None:
        levels = list(range(framework.level_min, framework.level_max + 1))
    context = {
        "framework": framework,
        "mappings": selectors.mappings_for(framework),
        "levels": levels,
        "today": timezone.localdate(),
    }
    return render(request, "frameworks/framework_detail.html", context)
