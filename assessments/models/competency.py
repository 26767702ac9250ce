from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CompetencyStatusValue(models.TextChoices):
    NOT_ASSESSED = "not_assessed", _("non évalué")
    IN_PROGRESS = "in_progress", _("en cours")
    DEMONSTRATED = "demonstrated", _("démontré")


class CompetencyStatus(models.Model):
    """A learner's stored status on one competency, updated whenever a result arrives."""

    wagtail_reference_index_ignore = True

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="competency_statuses")
    competency = models.ForeignKey("frameworks.Competency", on_delete=models.CASCADE, related_name="learner_statuses")
    status = models.CharField(
        _("statut"), max_length=20, choices=CompetencyStatusValue.choices, default=CompetencyStatusValue.NOT_ASSESSED
    )
    score = models.DecimalField(_("taux de réussite"), max_digits=5, decimal_places=2, null=True, blank=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("statut de compétence")
        verbose_name_plural = _("statuts de compétences")
        constraints = [
            models.UniqueConstraint(fields=["user", "competency"], name="assessments_competency_status_unique"),
        ]

    def __str__(self):
        return f"{self.user} · {self.competency.reference} · {self.get_status_display()}"
