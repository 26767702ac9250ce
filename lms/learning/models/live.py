"""Live sessions (webinaires, classes virtuelles, ateliers en présentiel), their series and registrations."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: Letters and digits that cannot be misread when a trainer shows the code on a screen (no 0/O, 1/I/L).
ATTENDANCE_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
ATTENDANCE_CODE_LENGTH = 6
#: How long after the planned end a learner may still enter the attendance code.
ATTENDANCE_CODE_GRACE = timedelta(minutes=15)

SESSION_COURSE_ORGANISATION = _("Choisissez une formation de cet organisme.")
SESSION_SERIES_ORGANISATION = _("Choisissez un cycle de cet organisme.")


def attendance_code_generate() -> str:
    """Return a fresh attendance code: 6 unambiguous characters drawn with ``secrets``."""
    return "".join(secrets.choice(ATTENDANCE_CODE_ALPHABET) for _position in range(ATTENDANCE_CODE_LENGTH))


class AttendanceMethod(models.TextChoices):
    LIST = "list", _("liste d'émargement du formateur")
    CODE = "code", _("code de présence")


class LiveSeries(models.Model):
    """A cycle of live sessions, e.g. a monthly webinar."""

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisme"), on_delete=models.CASCADE, related_name="live_series"
    )
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("cycle de sessions en direct")
        verbose_name_plural = _("cycles de sessions en direct")
        ordering = ["title"]

    def __str__(self):
        return self.title


class LiveSession(models.Model):
    """One live session: a webinar, a virtual class or an on-site workshop."""

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisme"), on_delete=models.CASCADE, related_name="live_sessions"
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("formation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="live_sessions",
        help_text=_("La présence compte pour terminer cette formation."),
    )
    series = models.ForeignKey(
        LiveSeries,
        verbose_name=_("cycle"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("début"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("durée (minutes)"), default=60, validators=[MinValueValidator(5), MaxValueValidator(600)]
    )
    place = models.CharField(
        _("lieu"), max_length=255, blank=True, help_text=_("Adresse de l'atelier, ou « en ligne ».")
    )
    video_url = models.URLField(_("lien de la visioconférence"), blank=True)
    capacity = models.PositiveIntegerField(
        _("nombre de places"), null=True, blank=True, help_text=_("Laissez vide pour ne pas limiter.")
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("formateur·rice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_live_sessions",
    )
    attendance_code = models.CharField(
        _("code de présence"), max_length=ATTENDANCE_CODE_LENGTH, default=attendance_code_generate, editable=False
    )

    class Meta:
        verbose_name = _("session en direct")
        verbose_name_plural = _("sessions en direct")
        ordering = ["starts_at", "title"]
        indexes = [models.Index(fields=["starts_at"], name="learning_livesession_start")]
        constraints = [
            models.CheckConstraint(condition=models.Q(duration_minutes__gt=0), name="learning_livesession_duration"),
        ]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%d/%m/%Y %H:%M})"

    def clean(self):
        super().clean()
        errors = {}
        if self.course_id and self.organisation_id and self.course.organisation_id != self.organisation_id:
            errors["course"] = SESSION_COURSE_ORGANISATION
        if self.series_id and self.organisation_id and self.series.organisation_id != self.organisation_id:
            errors["series"] = SESSION_SERIES_ORGANISATION
        if errors:
            raise ValidationError(errors)

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class LiveSessionRegistration(models.Model):
    """A learner's seat in a live session, and whether they attended."""

    # Learner activity, written in bulk: kept out of Wagtail's reference index (usage counts).
    wagtail_reference_index_ignore = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("apprenant·e"),
        on_delete=models.CASCADE,
        related_name="live_registrations",
    )
    session = models.ForeignKey(
        LiveSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="registrations"
    )
    registered_at = models.DateTimeField(_("inscrit·e le"), default=timezone.now)
    attended = models.BooleanField(_("présent·e"), default=False)
    attended_at = models.DateTimeField(_("présence notée le"), null=True, blank=True)
    attendance_method = models.CharField(
        _("présence notée par"), max_length=10, choices=AttendanceMethod.choices, blank=True
    )
    reminder_sent_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("inscription à une session en direct")
        verbose_name_plural = _("inscriptions aux sessions en direct")
        ordering = ["registered_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "session"], name="learning_liveregistration_unique"),
            models.CheckConstraint(
                condition=models.Q(attended=False) | models.Q(attended_at__isnull=False),
                name="learning_liveregistration_attended_at",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.session}"
