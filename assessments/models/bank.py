"""The question bank: each organisation's questions, aligned to competencies of the frameworks."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from ..question_types import REGISTRY, QuestionType, get_type, type_choices


class Difficulty(models.IntegerChoices):
    EASY = 1, _("Facile")
    MEDIUM = 2, _("Moyenne")
    HARD = 3, _("Difficile")


class Question(models.Model):
    """A question of an organisation's bank; its type-specific data lives in ``config``."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisme de formation"),
        on_delete=models.PROTECT,
        related_name="questions",
    )
    kind = models.CharField(_("type de question"), max_length=30, choices=type_choices)
    prompt = models.TextField(_("énoncé"), max_length=4000)
    competencies = models.ManyToManyField(
        "frameworks.Competency",
        verbose_name=_("compétences évaluées"),
        related_name="questions",
        help_text=_("Les compétences (et donc les blocs) du titre auxquelles la question est alignée."),
    )
    difficulty = models.PositiveSmallIntegerField(_("difficulté"), choices=Difficulty.choices, default=Difficulty.EASY)
    points = models.PositiveSmallIntegerField(
        _("barème (points)"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    explanation = models.TextField(
        _("explication générale"), max_length=4000, blank=True, help_text=_("Montrée avec la correction.")
    )
    config = models.JSONField(_("configuration"), default=dict, blank=True)
    code = models.SlugField(
        _("référence"),
        max_length=80,
        blank=True,
        help_text=_("Identifiant stable facultatif, unique dans l'organisme (imports)."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Une question archivée n'est plus tirée au sort.")
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("banque de questions")
        ordering = ["organisation", "-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], condition=~models.Q(code=""), name="assessments_question_unique_code"
            ),
            models.CheckConstraint(
                condition=models.Q(difficulty__in=[1, 2, 3]), name="assessments_question_difficulty"
            ),
            models.CheckConstraint(condition=models.Q(points__gte=1), name="assessments_question_points_positive"),
        ]
        indexes = [models.Index(fields=["organisation", "kind"], name="assessments_question_org_kind")]

    def __str__(self):
        return f"[{self.get_kind_display()}] {Truncator(self.prompt).chars(90)}"

    def clean(self):
        super().clean()
        if self.kind not in REGISTRY:
            return  # the field's own choices validation reports it
        question_type = self.question_type
        self.config = question_type.prepare_config(self.config if self.config is not None else {})
        try:
            question_type.validate_config(self.config)
        except ValidationError as error:
            raise ValidationError({"config": error.messages}) from error

    @property
    def question_type(self) -> QuestionType:
        return get_type(self.kind)
