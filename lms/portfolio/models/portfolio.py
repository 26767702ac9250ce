"""A learner's portfolio for one target title, and the practice examples of its dossier professionnel."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..sanitize import CHARS_PER_PAGE, THREE_PAGE_BUDGET_CHARS


def storage_key_generate() -> str:
    """Return the unguessable name of a portfolio's private directory (128 random bits)."""
    return secrets.token_hex(16)


class Portfolio(models.Model):
    """The evidence a learner gathers for one titre professionnel (REMN-2019 or MN-2025), DP-shaped."""

    wagtail_reference_index_ignore = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("candidat·e"), on_delete=models.CASCADE, related_name="portfolios"
    )
    framework = models.ForeignKey(
        "frameworks.Framework",
        verbose_name=_("titre visé"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "title"},
    )
    storage_key = models.CharField(max_length=32, unique=True, default=storage_key_generate, editable=False)
    honour_statement_text = models.TextField(_("texte de la déclaration sur l'honneur"), blank=True)
    honour_statement_at = models.DateTimeField(_("déclaration sur l'honneur signée le"), null=True, blank=True)
    evidence_collected_at = models.DateTimeField(_("preuves mises à jour le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("portfolio VAE")
        verbose_name_plural = _("portfolios VAE")
        ordering = ["user", "framework__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["user", "framework"], name="portfolio_unique_per_title"),
            models.CheckConstraint(
                condition=models.Q(honour_statement_at__isnull=True) | ~models.Q(honour_statement_text=""),
                name="portfolio_honour_statement_has_text",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.framework_id}"

    def get_absolute_url(self):
        return reverse("portfolio:detail", args=[self.pk])

    @property
    def has_honour_statement(self) -> bool:
        return self.honour_statement_at is not None


class PracticeExample(models.Model):
    """An "exemple de pratique professionnelle" of the DP, for one activity type (CCP) of the title.

    The rich-text fields hold HTML already reduced by ``sanitize_rich_text`` (the services do it);
    ``text_length`` is derived from them for the three-page indicator.
    """

    wagtail_reference_index_ignore = True

    portfolio = models.ForeignKey(
        Portfolio, verbose_name=_("portfolio"), on_delete=models.CASCADE, related_name="examples"
    )
    block = models.ForeignKey(
        "frameworks.Block", verbose_name=_("activité-type concernée"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("intitulé de l'exemple"), max_length=255)
    tasks = models.TextField(_("tâches ou opérations effectuées et conditions de réalisation"))
    means = models.TextField(_("moyens et outils utilisés"))
    collaborators = models.TextField(_("personnes avec qui vous avez travaillé"))
    context_structure = models.CharField(_("structure"), max_length=200)
    context_service = models.CharField(_("service"), max_length=200, blank=True)
    context_period = models.CharField(_("période"), max_length=200)
    extra = models.TextField(_("informations complémentaires"), blank=True)
    competencies = models.ManyToManyField(
        "frameworks.Competency", verbose_name=_("compétences mobilisées"), blank=True, related_name="+"
    )
    evidence = models.ManyToManyField(
        "portfolio.EvidenceItem", verbose_name=_("preuves associées"), blank=True, related_name="examples"
    )
    text_length = models.PositiveIntegerField(_("longueur (caractères visibles)"), default=0, editable=False)
    sort_order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("exemple de pratique professionnelle")
        verbose_name_plural = _("exemples de pratique professionnelle")
        ordering = ["portfolio", "block__sort_order", "sort_order", "created_at", "pk"]

    def __str__(self):
        return self.title

    @property
    def budget_percent(self) -> int:
        """Return the share of the three-page budget the text uses, in percent (may exceed 100)."""
        return round(self.text_length * 100 / THREE_PAGE_BUDGET_CHARS)

    @property
    def estimated_pages(self) -> float:
        return round(self.text_length / CHARS_PER_PAGE, 1)

    @property
    def over_budget(self) -> bool:
        return self.text_length > THREE_PAGE_BUDGET_CHARS
