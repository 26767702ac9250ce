"""Progress (lessons done), course completions and the attestations they earn."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def attestation_public_id_generate() -> str:
    """Return an unguessable identifier (192 random bits) for an attestation's public URL."""
    return secrets.token_urlsafe(24)


class LessonCompletion(models.Model):
    """A learner said "J'ai terminé cette leçon"."""

    # Learner activity, written in bulk: kept out of Wagtail's reference index (usage counts).
    wagtail_reference_index_ignore = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("apprenant·e"),
        on_delete=models.CASCADE,
        related_name="lesson_completions",
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", verbose_name=_("leçon"), on_delete=models.CASCADE, related_name="completions"
    )
    # The lesson's course, copied when the row is written: per-course counts on dashboards then need
    # no tree query (lessons cannot change course: LessonPage only lives under a CoursePage).
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("formation"), on_delete=models.CASCADE, related_name="+"
    )
    completed_at = models.DateTimeField(_("terminée le"), default=timezone.now)

    class Meta:
        verbose_name = _("leçon terminée")
        verbose_name_plural = _("leçons terminées")
        constraints = [models.UniqueConstraint(fields=["user", "lesson"], name="learning_lessoncompletion_unique")]
        indexes = [models.Index(fields=["user", "course"], name="learning_lessoncompl_course")]

    def __str__(self):
        return f"{self.user} · {self.lesson}"


class CourseCompletion(models.Model):
    """A learner met every completion rule of a course; recorded once and never removed."""

    # Learner activity, written in bulk: kept out of Wagtail's reference index (usage counts).
    wagtail_reference_index_ignore = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("apprenant·e"),
        on_delete=models.CASCADE,
        related_name="course_completions",
    )
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("formation"), on_delete=models.CASCADE, related_name="completions"
    )
    completed_at = models.DateTimeField(_("terminée le"), default=timezone.now)

    class Meta:
        verbose_name = _("formation terminée")
        verbose_name_plural = _("formations terminées")
        ordering = ["-completed_at"]
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="learning_coursecompletion_unique")]

    def __str__(self):
        return f"{self.user} · {self.course}"


class Attestation(models.Model):
    """An attestation de fin de formation: a snapshot of what was completed, verifiable by its public id.

    The learner, course and organisation are copied at issue time, so the attestation keeps saying
    what was true that day even if the course is renamed or deleted later.
    """

    # Learner activity, written in bulk: kept out of Wagtail's reference index (usage counts).
    wagtail_reference_index_ignore = True

    public_id = models.CharField(
        _("identifiant public"), max_length=64, unique=True, default=attestation_public_id_generate, editable=False
    )
    completion = models.OneToOneField(
        CourseCompletion,
        verbose_name=_("formation terminée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attestation",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("apprenant·e"), on_delete=models.CASCADE, related_name="attestations"
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("formation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    learner_name = models.CharField(_("nom de l'apprenant·e"), max_length=300)
    course_title = models.CharField(_("intitulé de la formation"), max_length=255)
    organisation_name = models.CharField(_("organisme de formation"), max_length=200)
    hours = models.DecimalField(_("durée (heures)"), max_digits=5, decimal_places=1)
    started_on = models.DateField(_("début de la formation"))
    completed_on = models.DateField(_("fin de la formation"))
    competencies = models.JSONField(_("compétences visées"), default=list, blank=True)
    issued_at = models.DateTimeField(_("délivrée le"), default=timezone.now)

    class Meta:
        verbose_name = _("attestation de fin de formation")
        verbose_name_plural = _("attestations de fin de formation")
        ordering = ["-issued_at"]

    def __str__(self):
        return f"{self.learner_name} · {self.course_title}"

    def get_absolute_url(self):
        return reverse("learning:attestation_verify", args=[self.public_id])
