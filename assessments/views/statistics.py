"""Authors' view: item analysis and score distribution of one assessment."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from ..models import AssessmentPage
from ..selectors import assessment_statistics, user_can_view_statistics


@login_required
@require_GET
def assessment_statistics_view(request, page_id: int):
    assessment = get_object_or_404(AssessmentPage, pk=page_id)
    course = assessment.get_parent().specific
    if not user_can_view_statistics(user=request.user, organisation_id=course.organisation_id):
        raise PermissionDenied
    context = {"assessment": assessment, "course": course, **assessment_statistics(assessment=assessment)}
    return render(request, "assessments/statistics.html", context)
