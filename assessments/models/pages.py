"""The assessment page: a child of a course, with fixed questions and/or questions drawn at random."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from lms.core.view_restrictions import ViewRestrictionShortcutMixin

from ..forms import AssessmentPageForm


class ShowAnswers(models.TextChoices):
    NEVER = "never", _("Jamais")
    AFTER_ATTEMPT = "after_attempt", _("Après chaque tentative")
    AFTER_PASS = "after_pass", _("Après la réussite")
    AFTER_LAST_ATTEMPT = "after_last_attempt", _("Après la dernière tentative (ou la réussite)")


class AssessmentPage(ViewRestrictionShortcutMixin, Page):
    """An assessment of a course: rules, questions and the learner's attempts."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ul", "ol"])
    pass_mark = models.PositiveSmallIntegerField(
        _("seuil de réussite (%)"), default=70, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("tentatives autorisées"),
        default=3,
        validators=[MaxValueValidator(50)],
        help_text=_("0 = illimitées."),
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("durée limite (minutes)"),
        default=0,
        validators=[MaxValueValidator(600)],
        help_text=_("0 = sans limite. Le serveur refuse les réponses après l'heure limite."),
    )
    shuffle_questions = models.BooleanField(_("mélanger l'ordre des questions"), default=False)
    shuffle_choices = models.BooleanField(_("mélanger l'ordre des propositions"), default=True)
    show_answers = models.CharField(
        _("montrer les bonnes réponses"),
        max_length=20,
        choices=ShowAnswers.choices,
        default=ShowAnswers.AFTER_ATTEMPT,
    )
    required_for_completion = models.BooleanField(_("réussite exigée pour terminer la formation"), default=True)
    draw_per_competency = models.PositiveSmallIntegerField(
        _("questions tirées par compétence"),
        default=0,
        validators=[MaxValueValidator(20)],
        help_text=_(
            "Nombre de questions tirées au sort dans la banque de l'organisme pour chaque compétence "
            "ci-dessous, en plus des questions fixes. 0 = pas de tirage."
        ),
    )
    competencies = ParentalManyToManyField(
        "frameworks.Competency",
        verbose_name=_("compétences du tirage"),
        blank=True,
        related_name="drawing_assessments",
    )

    base_form_class = AssessmentPageForm
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("question_links", heading=_("Questions fixes"), label=_("Question")),
        MultiFieldPanel(
            [FieldPanel("draw_per_competency"), FieldPanel("competencies", widget=forms.CheckboxSelectMultiple)],
            heading=_("Tirage au sort dans la banque"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("pass_mark"), FieldPanel("attempts_allowed"), FieldPanel("time_limit_minutes")]
                ),
                FieldPanel("show_answers"),
                FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("shuffle_choices")]),
                FieldPanel("required_for_completion"),
            ],
            heading=_("Règles"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.FilterField("required_for_completion"),
    ]
    api_fields = [
        APIField("intro"),
        APIField("pass_mark"),
        APIField("attempts_allowed"),
        APIField("time_limit_minutes"),
        APIField("show_answers"),
        APIField("required_for_completion"),
        APIField("draw_per_competency"),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")

    def serve(self, request, *args, **kwargs):
        from ..services import attempt_close_if_overdue

        # An attempt whose time ran out while the learner was away is graded on what was saved.
        if request.user.is_authenticated and self.pk:
            attempt_close_if_overdue(user=request.user, assessment=self)
        response = super().serve(request, *args, **kwargs)
        # The page carries the learner's saved answers: never store it in a shared cache.
        response["Cache-Control"] = "private, no-store"
        return response

    def get_context(self, request, *args, **kwargs):
        from ..selectors import assessment_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(assessment_page_context(assessment=self, user=request.user))
        return context


class AssessmentQuestion(Orderable):
    """A question always asked by an assessment, in the order the author sets."""

    page = ParentalKey(AssessmentPage, on_delete=models.CASCADE, related_name="question_links")
    question = models.ForeignKey(
        "assessments.Question", verbose_name=_("question"), on_delete=models.PROTECT, related_name="assessment_links"
    )

    panels = [FieldPanel("question")]

    class Meta(Orderable.Meta):
        verbose_name = _("question fixe")
        verbose_name_plural = _("questions fixes")
