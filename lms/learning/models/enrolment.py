"""Enrolments on courses, the cohorts (sessions de formation) that group them, and the learner's profile."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

COHORT_DATES_ORDER = _("La date de fin doit suivre la date de début.")
COHORT_COURSE_ORGANISATION = _("Choisissez une formation de cet organisme.")


class EnrolmentSource(models.TextChoices):
    SELF = "self", _("inscription libre")
    COHORT = "cohort", _("inscription par l'organisme")
    IMPORT = "import", _("import d'un fichier")


class Cohort(models.Model):
    """A session de formation: one organisation runs one course for a group of learners, on given dates."""

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisme"), on_delete=models.CASCADE, related_name="cohorts"
    )
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("formation"), on_delete=models.CASCADE, related_name="cohorts"
    )
    name = models.CharField(_("nom de la session"), max_length=200)
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("formateur·rices"), blank=True, related_name="trained_cohorts"
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("session de formation")
        verbose_name_plural = _("sessions de formation")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="learning_cohort_dates"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": COHORT_DATES_ORDER})
        if self.course_id and self.organisation_id and self.course.organisation_id != self.organisation_id:
            raise ValidationError({"course": COHORT_COURSE_ORGANISATION})


class Enrolment(models.Model):
    """A learner's enrolment on a course, alone or within a cohort; remembers where to resume."""

    # Learner activity, written in bulk: kept out of Wagtail's reference index (usage counts).
    wagtail_reference_index_ignore = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("apprenant·e"), on_delete=models.CASCADE, related_name="enrolments"
    )
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("formation"), on_delete=models.CASCADE, related_name="enrolments"
    )
    cohort = models.ForeignKey(
        Cohort,
        verbose_name=_("session de formation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrolments",
    )
    source = models.CharField(
        _("origine"), max_length=10, choices=EnrolmentSource.choices, default=EnrolmentSource.SELF
    )
    enrolled_at = models.DateTimeField(_("inscrit·e le"), default=timezone.now)
    last_lesson = models.ForeignKey(
        "courses.LessonPage",
        verbose_name=_("dernière leçon consultée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["-enrolled_at"]
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="learning_enrolment_unique")]
        indexes = [models.Index(fields=["course", "cohort"], name="learning_enrolment_course")]

    def __str__(self):
        return f"{self.user} · {self.course}"


class LearnerProfile(models.Model):
    """What a learner aims for: the titre professionnel whose competencies the dashboard follows."""

    # Learner activity, written in bulk: kept out of Wagtail's reference index (usage counts).
    wagtail_reference_index_ignore = True

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("apprenant·e"),
        on_delete=models.CASCADE,
        related_name="learner_profile",
    )
    target_framework = models.ForeignKey(
        "frameworks.Framework",
        verbose_name=_("titre professionnel visé"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"kind": "title"},
    )

    class Meta:
        verbose_name = _("profil d'apprenant·e")
        verbose_name_plural = _("profils d'apprenant·es")

    def __str__(self):
        return str(self.user)
