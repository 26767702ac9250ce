"""What learners do (attempts, answers) and what trainers grade (scores, audited grades)."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.portfolio.storage import private_storage


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("en cours")
    SUBMITTED = "submitted", _("envoyée, en attente de correction")
    GRADED = "graded", _("corrigée")


def answer_file_path(instance, filename: str) -> str:
    """Store each assignment under a random directory, so its URL cannot be guessed."""
    return f"assessments/devoirs/{secrets.token_urlsafe(24)}/{filename}"


class Attempt(models.Model):
    """One go at an assessment. The questions (and the shuffle seed) are frozen when it starts."""

    wagtail_reference_index_ignore = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("apprenant·e"),
        on_delete=models.CASCADE,
        related_name="assessment_attempts",
    )
    assessment = models.ForeignKey(
        "assessments.AssessmentPage", verbose_name=_("évaluation"), on_delete=models.CASCADE, related_name="attempts"
    )
    number = models.PositiveSmallIntegerField(_("numéro"))
    question_ids = models.JSONField(_("questions posées"), default=list)
    shuffle_seed = models.PositiveIntegerField(_("graine du mélange"), default=0)
    started_at = models.DateTimeField(_("commencée le"))
    deadline = models.DateTimeField(_("heure limite"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=AttemptStatus.choices, default=AttemptStatus.IN_PROGRESS
    )
    score = models.DecimalField(_("points obtenus"), max_digits=7, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(_("points possibles"), max_digits=7, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("réussie"), null=True, blank=True)
    late = models.BooleanField(_("envoyée après l'heure limite"), default=False)

    class Meta:
        verbose_name = _("tentative")
        verbose_name_plural = _("tentatives")
        ordering = ["assessment", "user", "number"]
        constraints = [
            models.UniqueConstraint(fields=["user", "assessment", "number"], name="assessments_attempt_unique_number"),
            # Two tabs starting at once cannot open two attempts.
            models.UniqueConstraint(
                fields=["user", "assessment"],
                condition=models.Q(status="in_progress"),
                name="assessments_attempt_one_open",
            ),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="assessments_attempt_number_positive"),
        ]
        indexes = [models.Index(fields=["assessment", "status"], name="assessments_attempt_status")]

    def __str__(self):
        return f"{self.user} · {self.assessment_id} · n° {self.number}"

    @property
    def percent(self):
        """Return the score as a percentage of the maximum, or ``None`` before scoring."""
        if self.score is None or not self.max_score:
            return None
        return self.score * 100 / self.max_score

    @property
    def is_open(self) -> bool:
        return self.status == AttemptStatus.IN_PROGRESS


class Answer(models.Model):
    """A learner's answer to one question of an attempt; saved as they go, scored on submission."""

    wagtail_reference_index_ignore = True

    attempt = models.ForeignKey(Attempt, verbose_name=_("tentative"), on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        "assessments.Question", verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers"
    )
    response = models.JSONField(_("réponse"), null=True, blank=True)
    # Private storage: assignments are only streamed through a permission-checked view, never by URL.
    file = models.FileField(
        _("fichier déposé"), storage=private_storage, upload_to=answer_file_path, max_length=255, blank=True
    )
    saved_at = models.DateTimeField(_("enregistrée le"))
    points = models.DecimalField(_("points"), max_digits=7, decimal_places=2, null=True, blank=True)
    max_points = models.DecimalField(_("points possibles"), max_digits=7, decimal_places=2, null=True, blank=True)
    correct = models.BooleanField(_("juste"), null=True, blank=True)
    needs_grading = models.BooleanField(_("à corriger"), default=False)
    feedback = models.TextField(_("retour"), blank=True)
    rubric_levels = models.JSONField(_("niveaux de la grille"), null=True, blank=True)
    mastery = models.BooleanField(_("niveau « Satisfaisant » atteint sur tous les critères"), null=True, blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("corrigée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    graded_at = models.DateTimeField(_("corrigée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="assessments_answer_unique"),
        ]
        indexes = [
            models.Index(
                fields=["question"], condition=models.Q(needs_grading=True), name="assessments_answer_to_grade"
            ),
        ]

    def __str__(self):
        return f"{self.attempt} · Q{self.question_id}"


class AttemptCompetencyScore(models.Model):
    """The points an attempt earned on the graded items aligned to one competency."""

    wagtail_reference_index_ignore = True

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="competency_scores")
    competency = models.ForeignKey("frameworks.Competency", on_delete=models.CASCADE, related_name="attempt_scores")
    points = models.DecimalField(_("points"), max_digits=7, decimal_places=2)
    max_points = models.DecimalField(_("points possibles"), max_digits=7, decimal_places=2)

    class Meta:
        verbose_name = _("score par compétence")
        verbose_name_plural = _("scores par compétence")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "competency"], name="assessments_attempt_competency_unique"),
        ]

    def __str__(self):
        return f"{self.attempt} · {self.competency_id} · {self.points}/{self.max_points}"

    @property
    def percent(self):
        return self.points * 100 / self.max_points if self.max_points else None


class GradeAudit(models.Model):
    """One change of a person's grade on an answer: who, when, before, after and why."""

    wagtail_reference_index_ignore = True

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="grade_audits")
    grader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("correcteur·rice"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("le"))
    old_points = models.DecimalField(_("anciens points"), max_digits=7, decimal_places=2, null=True, blank=True)
    new_points = models.DecimalField(_("nouveaux points"), max_digits=7, decimal_places=2)
    old_feedback = models.TextField(_("ancien commentaire"), blank=True)
    new_feedback = models.TextField(_("nouveau commentaire"), blank=True)
    old_levels = models.JSONField(_("anciens niveaux"), null=True, blank=True)
    new_levels = models.JSONField(_("nouveaux niveaux"), null=True, blank=True)
    reason = models.TextField(_("raison"), blank=True)

    class Meta:
        verbose_name = _("historique de note")
        verbose_name_plural = _("historique des notes")
        ordering = ["answer", "at", "pk"]

    def __str__(self):
        return f"{self.answer} · {self.old_points} → {self.new_points}"
