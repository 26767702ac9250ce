"""Competency frameworks as versioned data: titles (REMN-2019, MN-2025), Pix, and their crosswalk.

Every entry carries a ``status`` flag copied from the source data, so wording that was not checked
against an official source is shown as provisional.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    VERIFIED = "verified", _("vérifié")
    SECONDARY = "secondary", _("source secondaire")
    UNVERIFIED = "unverified", _("provisoire, à vérifier")


class FrameworkKind(models.TextChoices):
    TITLE = "title", _("titre professionnel")
    DIGITAL_SKILLS = "digital_skills", _("référentiel de compétences numériques")


class Framework(models.Model):
    """A versioned competency framework, e.g. a titre professionnel in one edition."""

    code = models.SlugField(_("code"), max_length=40, unique=True, help_text=_("Par exemple REMN-2019, MN-2025, PIX."))
    kind = models.CharField(_("nature"), max_length=20, choices=FrameworkKind.choices, default=FrameworkKind.TITLE)
    title = models.CharField(_("intitulé"), max_length=255)
    former_title = models.CharField(_("ancien intitulé"), max_length=255, blank=True)
    certifier = models.CharField(_("certificateur"), max_length=255, blank=True)
    title_code = models.CharField(_("code du titre"), max_length=40, blank=True)
    rncp_code = models.CharField(_("code RNCP"), max_length=20, blank=True)
    rncp_status = models.CharField(_("statut du code RNCP"), max_length=12, choices=Status.choices, blank=True)
    level = models.PositiveSmallIntegerField(_("niveau (cadre national)"), null=True, blank=True)
    level_min = models.PositiveSmallIntegerField(_("niveau minimal"), null=True, blank=True)
    level_max = models.PositiveSmallIntegerField(_("niveau maximal"), null=True, blank=True)
    nsf = models.CharField(_("code NSF"), max_length=20, blank=True)
    legal_text = models.CharField(_("texte de référence"), max_length=255, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)
    valid_from = models.DateField(_("en vigueur depuis"), null=True, blank=True)
    superseded_on = models.DateField(_("remplacé le"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("remplacé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
    )
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.VERIFIED)
    note = models.TextField(_("remarque"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("référentiel")
        verbose_name_plural = _("référentiels")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return f"{self.code} — {self.title}"

    @property
    def rncp_url(self) -> str:
        """Return the France compétences fiche URL for the RNCP code, when there is one."""
        if not self.rncp_code.startswith("RNCP"):
            return ""
        return f"https://www.francecompetences.fr/recherche/rncp/{self.rncp_code[4:]}/"


class Block(models.Model):
    """A block of a framework: a CCP (activity type) of a title, or a Pix domain."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="blocks")
    code = models.CharField(_("code"), max_length=20, help_text=_("Par exemple CCP1."))
    activity_type = models.TextField(_("activité type"), blank=True)
    rncp_block_code = models.CharField(_("code du bloc RNCP"), max_length=20, blank=True)
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.VERIFIED)
    note = models.TextField(_("remarque"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("bloc de compétences")
        verbose_name_plural = _("blocs de compétences")
        ordering = ["framework", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="frameworks_block_unique_code")]

    def __str__(self):
        return f"{self.framework.code} · {self.code}"


class Competency(models.Model):
    """A competency of a block (a CP of a CCP, or a Pix competence)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="competencies")
    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="competencies")
    code = models.CharField(_("code"), max_length=20)
    title = models.TextField(_("intitulé"))
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.VERIFIED)
    sort_order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("compétence")
        verbose_name_plural = _("compétences")
        ordering = ["framework", "block__sort_order", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="frameworks_competency_unique_code"),
        ]

    def __str__(self):
        return f"{self.framework.code} · {self.code} — {self.title}"

    @property
    def reference(self) -> str:
        """Return the stable reference used in data files: ``FRAMEWORK/BLOCK/COMPETENCY``."""
        return f"{self.framework.code}/{self.block.code}/{self.code}"

    @property
    def is_provisional(self) -> bool:
        return self.status == Status.UNVERIFIED


class CrosswalkStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposée")
    CONFIRMED = "confirmed", _("confirmée")


class CompetencyMapping(models.Model):
    """A correspondence between a competency of one framework and one of another (e.g. REMN → MN)."""

    source = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="mappings_out")
    target = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="mappings_in")
    status = models.CharField(
        _("statut"), max_length=12, choices=CrosswalkStatus.choices, default=CrosswalkStatus.PROPOSED
    )
    note = models.TextField(_("justification"), blank=True)

    class Meta:
        verbose_name = _("correspondance entre compétences")
        verbose_name_plural = _("correspondances entre compétences")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="frameworks_mapping_unique"),
            models.CheckConstraint(condition=~models.Q(source=models.F("target")), name="frameworks_mapping_not_self"),
        ]

    def __str__(self):
        return f"{self.source} → {self.target}"


class Theme(models.Model):
    """A continuing-training theme: the managed vocabulary courses are filed under."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source_status = models.CharField(_("statut dans la source"), max_length=40, blank=True)
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.VERIFIED)
    sort_order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("thème de formation continue")
        verbose_name_plural = _("thèmes de formation continue")
        ordering = ["sort_order", "title"]

    def __str__(self):
        return self.title


class EvidenceType(models.Model):
    """A kind of evidence a VAE portfolio may hold (attestation, fiche atelier, diagnostic…)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("libellé"), max_length=255)
    use = models.CharField(_("usage"), max_length=40, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("type de preuve")
        verbose_name_plural = _("types de preuves")
        ordering = ["sort_order", "label"]

    def __str__(self):
        return self.label
