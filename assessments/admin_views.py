"""The question bank in the Wagtail admin: every screen is limited to the editor's organisations.

Authors, reviewers, trainers and managers of an organisation manage its questions (the permission
policy grants them through their membership, no Django permission needed); users holding the
model's Django permissions (administrators, superusers) manage every bank.
"""

from django.contrib.admin.utils import unquote
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.accounts.models import Membership

from .forms import QuestionAdminForm
from .models import Question
from .selectors.access import (
    BANK_ROLES,
    GRADER_ROLES,
    is_site_staff,
    organisation_ids,
    questions_for_user,
    user_can_view_statistics,
)

BANK_ACTIONS = {"add", "change", "delete", "view"}


class QuestionPermissionPolicy(ModelPermissionPolicy):
    """Grant the bank actions to members of an organisation, on that organisation's questions only."""

    def _member(self, user) -> bool:
        return bool(organisation_ids(user=user, roles=BANK_ROLES))

    def user_has_permission(self, user, action):
        return super().user_has_permission(user, action) or (action in BANK_ACTIONS and self._member(user))

    def user_has_permission_for_instance(self, user, action, instance):
        if super().user_has_permission(user, action):
            return True
        return action in BANK_ACTIONS and instance.organisation_id in organisation_ids(user=user, roles=BANK_ROLES)

    def instances_user_has_any_permission_for(self, user, actions):
        return questions_for_user(user=user)

    def users_with_any_permission(self, actions):
        users = super().users_with_any_permission(actions)
        if not set(actions) & BANK_ACTIONS:
            return users
        members = Membership.objects.filter(role__in=BANK_ROLES).values("user_id")
        return (users | users.model.objects.filter(pk__in=members, is_active=True)).distinct()


class OrganisationScopedMixin:
    """Look objects up among the questions of the user's organisations only (others are a 404)."""

    def get_queryset(self):
        return questions_for_user(user=self.request.user)


class ScopedObjectMixin:
    """The same for the views whose own list is not of questions (history: log entries; usage: references).

    Their ``get_queryset`` lists what they show, so the question itself is looked up through
    ``get_base_object_queryset`` (or ``get_object`` for the inspect view) instead.
    """

    def get_base_object_queryset(self):
        return questions_for_user(user=self.request.user)

    def get_object(self, *args, **kwargs):
        return get_object_or_404(self.get_base_object_queryset(), pk=unquote(str(self.pk)))


class QuestionEditView(OrganisationScopedMixin, snippet_views.EditView):
    pass


class QuestionDeleteView(OrganisationScopedMixin, snippet_views.DeleteView):
    pass


class QuestionCopyView(OrganisationScopedMixin, snippet_views.CopyView):
    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), pk=unquote(str(self.kwargs[self.pk_url_kwarg])))


class QuestionUsageView(ScopedObjectMixin, snippet_views.UsageView):
    pass


class QuestionHistoryView(ScopedObjectMixin, snippet_views.HistoryView):
    pass


class QuestionInspectView(ScopedObjectMixin, snippet_views.InspectView):
    pass


class ScopedChooseView(snippet_chooser.ChooseView):
    def get_object_list(self):
        return questions_for_user(user=self.request.user).filter(is_active=True)


class ScopedChooseResultsView(snippet_chooser.ChooseResultsView):
    def get_object_list(self):
        return questions_for_user(user=self.request.user).filter(is_active=True)


class ScopedChosenView(snippet_chooser.SnippetChosenView):
    def get_object(self, pk):
        return questions_for_user(user=self.request.user).get(pk=pk)


class ScopedChosenMultipleView(snippet_chooser.SnippetChosenMultipleView):
    # Wagtail's view returns any question by id: only the user's organisations' ones may come back.
    # An id outside them is a 404, as for one question, rather than silently dropped.
    def get_objects(self, pks):
        try:
            wanted = {int(pk) for pk in pks}
        except ValueError as error:
            raise Http404 from error
        questions = list(questions_for_user(user=self.request.user).filter(pk__in=wanted))
        if len(questions) != len(wanted):
            raise Http404
        return questions


class QuestionChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView
    chosen_multiple_view_class = ScopedChosenMultipleView


class CompetencyReferencesColumn(Column):
    """Show the competency references of a question (prefetched by the index view)."""

    def get_value(self, instance):
        return ", ".join(sorted(competency.reference for competency in instance.competencies.all()))


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Banque de questions")
    menu_name = "question-bank"
    add_to_admin_menu = True
    menu_order = 240
    edit_view_class = QuestionEditView
    delete_view_class = QuestionDeleteView
    copy_view_class = QuestionCopyView
    usage_view_class = QuestionUsageView
    history_view_class = QuestionHistoryView
    inspect_view_class = QuestionInspectView
    chooser_viewset_class = QuestionChooserViewSet
    list_display = [
        "__str__",
        "organisation",
        "difficulty",
        CompetencyReferencesColumn("competencies", label=_("Compétences")),
        "is_active",
    ]
    list_filter = ["organisation", "kind", "difficulty", "is_active"]
    search_fields = ["prompt", "code"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("organisation"), FieldPanel("kind")]),
            FieldPanel("prompt"),
            FieldPanel("competencies"),
            FieldRowPanel([FieldPanel("difficulty"), FieldPanel("points"), FieldPanel("is_active")]),
            FieldPanel("config"),
            FieldPanel("explanation"),
            FieldPanel("code"),
        ],
        base_form_class=QuestionAdminForm,
    )

    def get_queryset(self, request):
        return questions_for_user(user=request.user).prefetch_related("competencies__framework", "competencies__block")


class GradingMenuItem(MenuItem):
    """Link to the grading queue, shown to the organisations' trainers and managers and to staff."""

    def is_shown(self, request):
        return is_site_staff(request.user) or bool(organisation_ids(user=request.user, roles=GRADER_ROLES))


class AssessmentStatisticsMenuItem(PageMenuItem):
    """« Statistiques » in an assessment page's action menu, for its organisation's staff."""

    label = _("Statistiques")
    icon_name = "table"

    def is_shown(self, user):
        course = self.page.get_parent().specific
        return user_can_view_statistics(user=user, organisation_id=getattr(course, "organisation_id", None))

    @cached_property
    def url(self):
        return reverse("assessments:statistics", args=[self.page.pk])
