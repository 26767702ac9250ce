"""The coordinators' territory view: counts only, small counts suppressed, no names, no e-mails."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lms.accounts.roles import SiteRole
from lms.accounts.selectors import user_has_site_role
from lms.accounts.territories import REGION_CHOICES, REGIONS

from ..charts import bar_chart
from ..selectors import territory_statistics_cached


@login_required
@require_GET
def coordination(request):
    user = request.user
    if not (
        user_has_site_role(user=user, role=SiteRole.COORDINATOR)
        or user_has_site_role(user=user, role=SiteRole.ADMINISTRATOR)
    ):
        raise PermissionDenied
    region = request.GET.get("region", "")
    if region not in REGIONS:
        region = ""
    statistics = territory_statistics_cached(region=region)
    chart_rows = [(row.name, row.learners.value, row.learners.label) for row in statistics["by_region"]]
    context = {
        **statistics,
        "region": region,
        "region_choices": REGION_CHOICES,
        "chart": bar_chart(chart_rows),
    }
    return render(request, "learning/coordination.html", context)
