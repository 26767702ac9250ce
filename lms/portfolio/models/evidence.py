"""Evidence items: snapshots of what the learning records say, and files the learner uploads.

An item collected from the records is a *snapshot*: the title, dates, hours, organisation, score and
competencies (with their wording and the learner's status) are copied into ``snapshot`` when it is
collected, so renaming a course or rewording a competency later never rewrites the learner's history.
``EvidenceCompetency`` indexes the target title's competencies an item supports, for the coverage
matrix; it records when the link comes through the crosswalk between titles.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..storage import evidence_upload_to, private_storage


class EvidenceSource(models.TextChoices):
    COURSE_COMPLETION = "course_completion", _("formation terminée")
    ASSESSMENT = "assessment", _("évaluation réussie")
    ASSIGNMENT = "graded_assignment", _("travail corrigé")
    LIVE_SESSION = "live_session", _("session en direct suivie")
    BADGE = "badge", _("badge")
    UPLOAD = "upload", _("justificatif déposé")


class EvidenceItem(models.Model):
    """One piece of evidence in a portfolio, collected once from its source (``source_type``, ``source_id``).

    ``snapshot`` keys (all optional but ``title``): ``title``, ``subtitle``, ``date``, ``end_date``,
    ``hours``, ``organisation``, ``score`` (``{"percent", "raw", "max"}``), ``feedback``, ``rubric``
    (``[{"criterion", "level", "points"}]``), ``competencies`` (``[{"reference", "code", "block",
    "title", "provisional", "learner_status", "learner_status_label", "via_mapping", "mapping_status",
    "source_reference"}]``), ``verification_url``, ``description``, ``schema`` (format version).
    """

    wagtail_reference_index_ignore = True

    portfolio = models.ForeignKey(
        "portfolio.Portfolio", verbose_name=_("portfolio"), on_delete=models.CASCADE, related_name="evidence_items"
    )
    source_type = models.CharField(_("origine"), max_length=20, choices=EvidenceSource.choices)
    source_id = models.CharField(_("identifiant dans la source"), max_length=64)
    evidence_type = models.ForeignKey(
        "frameworks.EvidenceType",
        verbose_name=_("type de preuve"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    occurred_on = models.DateField(_("date"), null=True, blank=True)
    snapshot = models.JSONField(_("instantané"), default=dict)
    file = models.FileField(
        _("fichier"), storage=private_storage, upload_to=evidence_upload_to, max_length=255, blank=True
    )
    file_name = models.CharField(_("nom du fichier"), max_length=120, blank=True)
    file_mime = models.CharField(_("type du fichier"), max_length=120, blank=True)
    file_size = models.PositiveIntegerField(_("taille du fichier (octets)"), null=True, blank=True)
    people_consent_at = models.DateTimeField(_("accord des personnes photographiées déclaré le"), null=True, blank=True)
    competencies = models.ManyToManyField(
        "frameworks.Competency",
        through="portfolio.EvidenceCompetency",
        verbose_name=_("compétences"),
        blank=True,
        related_name="+",
    )
    collected_at = models.DateTimeField(_("ajoutée le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("preuve")
        verbose_name_plural = _("preuves")
        ordering = ["portfolio", "-occurred_on", "-collected_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["portfolio", "source_type", "source_id"], name="portfolio_evidence_unique_source"
            ),
            # A photo of people is only stored with the learner's declaration that they agreed.
            models.CheckConstraint(
                condition=~models.Q(file_mime__startswith="image/") | models.Q(people_consent_at__isnull=False),
                name="portfolio_evidence_image_consent",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return str(self.snapshot.get("title") or self.get_source_type_display())

    @property
    def is_upload(self) -> bool:
        return self.source_type == EvidenceSource.UPLOAD

    @property
    def is_image(self) -> bool:
        return self.file_mime.startswith("image/")


class EvidenceCompetency(models.Model):
    """A competency of the portfolio's title that an evidence item supports, directly or via the crosswalk."""

    wagtail_reference_index_ignore = True

    evidence = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="competency_links")
    competency = models.ForeignKey("frameworks.Competency", on_delete=models.CASCADE, related_name="+")
    via_mapping = models.BooleanField(_("par correspondance entre titres"), default=False)
    mapping_status = models.CharField(_("statut de la correspondance"), max_length=12, blank=True)
    source_reference = models.CharField(_("compétence d'origine"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("compétence étayée")
        verbose_name_plural = _("compétences étayées")
        constraints = [
            models.UniqueConstraint(fields=["evidence", "competency"], name="portfolio_evidence_competency_unique"),
        ]

    def __str__(self):
        return f"{self.evidence_id} → {self.competency_id}"
