from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from .admin_views import AssessmentStatisticsMenuItem, GradingMenuItem, QuestionPermissionPolicy, QuestionViewSet
from .models import AssessmentPage, Question

# Registered before any view asks, or Wagtail would create its default model-permission policy.
register_permission_policy(Question, QuestionPermissionPolicy(Question))
register_snippet(QuestionViewSet)


@hooks.register("register_admin_menu_item")
def register_grading_menu_item():
    return GradingMenuItem(_("Corrections à faire"), reverse("assessments:grading_queue"), icon_name="tasks", order=245)


@hooks.register("register_page_listing_more_buttons")
def assessment_statistics_button(page, user, next_url=None):
    if issubclass(page.specific_class or type(page), AssessmentPage):
        yield AssessmentStatisticsMenuItem(page=page, priority=70)
