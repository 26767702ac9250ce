"""CSV imports of a cohort's learners: the dry-run report, then the import run by a Celery worker."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("simulation, en attente de confirmation")
    QUEUED = "queued", _("confirmé, import en cours")
    APPLIED = "applied", _("importé")
    REFUSED = "refused", _("refusé : le fichier contient des erreurs, rien n'a été importé")
    FAILED = "failed", _("échec : une erreur technique a interrompu l'import, rien n'a été importé")


class CohortImport(models.Model):
    """One uploaded file: its text, its line-by-line report and where its import stands.

    The text is imported by a worker in one transaction (thousands of lines take longer than a web
    request may), and checked again at that moment: nothing is imported if a line became wrong.
    """

    wagtail_reference_index_ignore = True

    cohort = models.ForeignKey(
        "learning.Cohort", verbose_name=_("session de formation"), on_delete=models.CASCADE, related_name="imports"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("déposé par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filename = models.CharField(_("fichier"), max_length=255, blank=True)
    text = models.TextField(_("contenu"))
    status = models.CharField(_("statut"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    report = models.JSONField(_("compte rendu"), default=list, blank=True)
    created_at = models.DateTimeField(_("déposé le"), default=timezone.now)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("import de fichier CSV")
        verbose_name_plural = _("imports de fichiers CSV")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.cohort} · {self.filename} · {self.get_status_display()}"

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(("invite", "enrol", "attach", "already", "error"), 0)
        for line in self.report:
            counts[line["outcome"]] = counts.get(line["outcome"], 0) + 1
        return counts
