"""Badge classes, authored in the Wagtail admin, and the rules that award them."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.models import Orderable

CRITERIA_REQUIRED = _("Décrivez les critères d'obtention, donnez l'adresse d'une page qui les décrit, ou les deux.")
RULE_FIELDS = {
    "course_completed": _("Choisissez la formation à terminer."),
    "competency_demonstrated": _("Choisissez la compétence à démontrer."),
    "sessions_attended": _("Choisissez le cycle et le nombre de sessions (au moins 1)."),
}


class BadgeClass(ClusterableModel):
    """What a badge certifies, for whom it is issued, and how it aligns with the frameworks."""

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisme"), on_delete=models.PROTECT, related_name="badge_classes"
    )
    name = models.CharField(_("nom"), max_length=200)
    description = models.TextField(_("description"))
    criteria_narrative = models.TextField(
        _("critères d'obtention"), blank=True, help_text=_("Texte simple ; listes avec « - » en début de ligne.")
    )
    criteria_url = models.URLField(_("page décrivant les critères"), blank=True)
    image = models.FileField(
        _("image (PNG ou SVG)"),
        upload_to="badges/classes/",
        help_text=_("Carrée de préférence ; 1 Mo au plus. Le type est vérifié d'après le contenu."),
    )
    image_alt = models.CharField(
        _("texte alternatif de l'image"), max_length=250, help_text=_("Ce que montre l'image, pour qui ne la voit pas.")
    )
    tags = ClusterTaggableManager(through="badges.BadgeClassTag", verbose_name=_("mots-clés"), blank=True)
    competencies = ParentalManyToManyField(
        "frameworks.Competency", verbose_name=_("compétences certifiées"), blank=True, related_name="badge_classes"
    )
    blocks = ParentalManyToManyField(
        "frameworks.Block", verbose_name=_("blocs de compétences"), blank=True, related_name="badge_classes"
    )
    expires_after_days = models.PositiveIntegerField(
        _("validité (jours)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(36500)],
        help_text=_("Laissez vide pour un badge sans date d'expiration."),
    )
    repeatable = models.BooleanField(
        _("peut être obtenu plusieurs fois"),
        default=False,
        help_text=_("Par exemple un badge de participation délivré toutes les N sessions."),
    )
    is_active = models.BooleanField(_("actif"), default=True, help_text=_("Un badge inactif n'est plus délivré."))
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        ordering = ["organisation", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if not (self.criteria_narrative.strip() or self.criteria_url):
            raise ValidationError({"criteria_narrative": CRITERIA_REQUIRED})

    @property
    def image_kind(self) -> str:
        """Return ``png`` or ``svg``: uploads are renamed to their checked type (``images.clean_badge_image``)."""
        return "svg" if self.image.name.lower().endswith(".svg") else "png"


class BadgeClassTag(TaggedItemBase):
    content_object = ParentalKey(BadgeClass, on_delete=models.CASCADE, related_name="tagged_items")


class RuleKind(models.TextChoices):
    COURSE_COMPLETED = "course_completed", _("formation terminée")
    COMPETENCY_DEMONSTRATED = "competency_demonstrated", _("compétence démontrée")
    SESSIONS_ATTENDED = "sessions_attended", _("présence à N sessions d'un cycle")
    TRAINER_AWARD = "trainer_award", _("attribué par un·e formateur·rice, avec un commentaire")


AUTOMATIC_KINDS = (RuleKind.COURSE_COMPLETED, RuleKind.COMPETENCY_DEMONSTRATED, RuleKind.SESSIONS_ATTENDED)


class BadgeRule(Orderable):
    """One condition of a badge class; every automatic rule of a class must hold for it to be awarded.

    A ``trainer_award`` rule lets the organisation's trainers award the badge by hand, with a narrative.
    """

    badge_class = ParentalKey(BadgeClass, verbose_name=_("badge"), on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(_("règle"), max_length=30, choices=RuleKind.choices)
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("formation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    competency = models.ForeignKey(
        "frameworks.Competency",
        verbose_name=_("compétence"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    series = models.ForeignKey(
        "learning.LiveSeries",
        verbose_name=_("cycle de sessions"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    sessions_required = models.PositiveSmallIntegerField(
        _("nombre de sessions"), null=True, blank=True, validators=[MinValueValidator(1)]
    )

    class Meta(Orderable.Meta):
        verbose_name = _("règle d'attribution")
        verbose_name_plural = _("règles d'attribution")
        constraints = [
            models.CheckConstraint(
                name="badges_rule_fields_match_kind",
                condition=(
                    models.Q(
                        kind="course_completed",
                        course__isnull=False,
                        competency__isnull=True,
                        series__isnull=True,
                    )
                    | models.Q(
                        kind="competency_demonstrated",
                        competency__isnull=False,
                        course__isnull=True,
                        series__isnull=True,
                    )
                    | models.Q(
                        kind="sessions_attended",
                        series__isnull=False,
                        sessions_required__gte=1,
                        course__isnull=True,
                        competency__isnull=True,
                    )
                    | models.Q(kind="trainer_award", course__isnull=True, competency__isnull=True, series__isnull=True)
                ),
            ),
        ]

    def __str__(self):
        return f"{self.badge_class} · {self.get_kind_display()}"

    def clean(self):
        super().clean()
        # Keep only the field the kind uses, so the check constraint holds whatever the form sent.
        if self.kind != RuleKind.COURSE_COMPLETED:
            self.course = None
        if self.kind != RuleKind.COMPETENCY_DEMONSTRATED:
            self.competency = None
        if self.kind != RuleKind.SESSIONS_ATTENDED:
            self.series = None
            self.sessions_required = None
        missing = {
            RuleKind.COURSE_COMPLETED: self.course_id is None,
            RuleKind.COMPETENCY_DEMONSTRATED: self.competency_id is None,
            RuleKind.SESSIONS_ATTENDED: self.series_id is None or not self.sessions_required,
        }
        if missing.get(self.kind):
            raise ValidationError(RULE_FIELDS[self.kind])
