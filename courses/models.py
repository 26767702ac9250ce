from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from content.blocks import LessonStreamBlock
from lms.core.page_cache import CachedPageMixin
from lms.core.view_restrictions import ViewRestrictionShortcutMixin


class Modality(models.TextChoices):
    ONLINE = "online", _("En ligne")
    BLENDED = "blended", _("Hybride")
    LIVE = "live", _("En direct (classes virtuelles, ateliers)")


class Level(models.TextChoices):
    BEGINNER = "beginner", _("Découverte")
    INTERMEDIATE = "intermediate", _("Approfondissement")
    ADVANCED = "advanced", _("Expertise")


class CatalogueIndexPage(CachedPageMixin, ViewRestrictionShortcutMixin, Page):
    """The catalogue of every training organisation's courses, with filters and search."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["courses.OrganisationSectionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("catalogue des formations")

    def get_context(self, request, *args, **kwargs):
        from .catalogue import catalogue_context

        context = super().get_context(request, *args, **kwargs)
        context.update(catalogue_context(request=request, catalogue=self))
        return context


class OrganisationSectionPage(CachedPageMixin, ViewRestrictionShortcutMixin, Page):
    """One training organisation's part of the catalogue: its authors' permissions hang here."""

    organisation = models.OneToOneField(
        "accounts.Organisation",
        verbose_name=_("organisme de formation"),
        on_delete=models.PROTECT,
        related_name="catalogue_section",
    )
    intro = RichTextField(_("présentation"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("organisation"), FieldPanel("intro")]
    parent_page_types = ["courses.CatalogueIndexPage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("espace d'un organisme")

    def get_context(self, request, *args, **kwargs):
        from .selectors import course_cards

        context = super().get_context(request, *args, **kwargs)
        context["courses"] = course_cards(queryset=CoursePage.objects.live().child_of(self))
        return context


class CoursePage(CachedPageMixin, ViewRestrictionShortcutMixin, Page):
    """A continuing-training course (a module) made of lessons."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisme de formation"),
        on_delete=models.PROTECT,
        related_name="courses",
        editable=False,
    )
    summary = models.TextField(_("résumé"), max_length=600)
    objectives = models.TextField(
        _("objectifs pédagogiques"),
        blank=True,
        help_text=_("Un objectif par ligne : « À l'issue du module, vous saurez… »"),
    )
    duration_hours = models.DecimalField(
        _("durée (heures)"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0.5), MaxValueValidator(200)],
        default=1,
    )
    modality = models.CharField(_("modalité"), max_length=10, choices=Modality.choices, default=Modality.ONLINE)
    level = models.CharField(_("niveau"), max_length=15, choices=Level.choices, default=Level.BEGINNER)
    theme = models.ForeignKey(
        "frameworks.Theme", verbose_name=_("thème"), on_delete=models.PROTECT, related_name="courses", null=True
    )
    competencies = ParentalManyToManyField(
        "frameworks.Competency", verbose_name=_("compétences visées"), blank=True, related_name="courses"
    )
    prerequisites = ParentalManyToManyField(
        "courses.CoursePage", verbose_name=_("prérequis"), blank=True, related_name="required_by", symmetrical=False
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image de couverture"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cover_alt = models.CharField(
        _("texte alternatif de l'image"),
        max_length=250,
        blank=True,
        help_text=_("Obligatoire si une image est choisie ; laissez vide seulement si l'image est décorative."),
    )

    required_live_sessions = models.PositiveSmallIntegerField(
        _("sessions en direct exigées"),
        default=0,
        help_text=_(
            "Nombre de sessions en direct de cette formation auxquelles il faut avoir assisté pour la terminer."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("objectives"),
        FieldRowPanel([FieldPanel("duration_hours"), FieldPanel("modality"), FieldPanel("level")]),
        FieldPanel("theme"),
        FieldPanel("competencies", widget=forms.CheckboxSelectMultiple),
        FieldPanel("prerequisites"),
        MultiFieldPanel([FieldPanel("cover_image"), FieldPanel("cover_alt")], heading=_("Image de couverture")),
        MultiFieldPanel([FieldPanel("required_live_sessions")], heading=_("Règles d'achèvement")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("objectives"),
        index.FilterField("modality"),
        index.FilterField("theme_id"),
        index.FilterField("organisation_id"),
    ]
    api_fields = [
        APIField("summary"),
        APIField("objectives_list"),
        APIField("duration_hours"),
        APIField("modality"),
        APIField("level"),
        APIField("theme_code"),
        APIField("organisation_name"),
        APIField("competency_references"),
    ]
    parent_page_types = ["courses.OrganisationSectionPage"]
    subpage_types = ["courses.LessonPage", "assessments.AssessmentPage"]

    class Meta:
        verbose_name = _("formation")
        verbose_name_plural = _("formations")

    def clean(self):
        super().clean()
        if self.cover_image_id and not self.cover_alt.strip():
            raise ValidationError({"cover_alt": _("Décrivez l'image de couverture (texte alternatif).")})

    def save(self, *args, **kwargs):
        # The organisation is derived from the section the course sits in.
        if not self.organisation_id:
            parent = self.get_parent() if self.pk or self.path else None
            section = parent.specific if parent else None
            if isinstance(section, OrganisationSectionPage):
                self.organisation_id = section.organisation_id
        super().save(*args, **kwargs)

    @property
    def objectives_list(self) -> list[str]:
        return [line.strip() for line in self.objectives.splitlines() if line.strip()]

    @property
    def theme_code(self) -> str:
        return self.theme.code if self.theme_id else ""

    @property
    def organisation_name(self) -> str:
        return self.organisation.name

    @property
    def competency_references(self) -> list[dict]:
        return [
            {"reference": c.reference, "title": c.title, "status": c.status}
            for c in self.competencies.select_related("framework", "block")
        ]

    def get_context(self, request, *args, **kwargs):
        from .selectors import course_detail

        context = super().get_context(request, *args, **kwargs)
        context.update(course_detail(course=self))
        return context

    @cached_property
    def lessons(self):
        from .selectors import course_lessons

        return course_lessons(course=self)


class LessonPage(ViewRestrictionShortcutMixin, Page):
    """A lesson of a course: a StreamField of content blocks."""

    summary = models.TextField(_("résumé"), max_length=400, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("durée (minutes)"), default=20, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    body = StreamField(LessonStreamBlock(), verbose_name=_("contenu"), blank=True)
    required_for_completion = models.BooleanField(
        _("exigée pour terminer la formation"),
        default=True,
        help_text=_("Décochez pour une leçon facultative (approfondissement)."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("duration_minutes"),
        FieldPanel("body"),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("required_for_completion")]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    api_fields = [APIField("summary"), APIField("duration_minutes"), APIField("body")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("leçon")
        verbose_name_plural = _("leçons")

    def save(self, *args, **kwargs):
        # Wagtail stores StreamField JSON that nobody read back as it came (imports, the API): reading
        # every block once makes the save go through the blocks, whose rich text is sanitised.
        if self.body:
            list(self.body)
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .selectors import lesson_navigation

        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_navigation(lesson=self))
        return context
