"""Sharing a portfolio with named jury members, the access log, and the jury's audited feedback."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def share_token_generate() -> str:
    """Return the unguessable identifier of a share (192 random bits), used in the jury's URLs."""
    return secrets.token_urlsafe(24)


class PortfolioShare(models.Model):
    """A portfolio shared with one jury member until ``expires_at``, unless revoked before.

    The jury member's overall notes and the moment they released their feedback to the learner live
    here too: feedback belongs to one share, so each jury member's opinions stay their own.
    """

    wagtail_reference_index_ignore = True

    portfolio = models.ForeignKey(
        "portfolio.Portfolio", verbose_name=_("portfolio"), on_delete=models.CASCADE, related_name="shares"
    )
    jury_member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("membre du jury"),
        on_delete=models.CASCADE,
        related_name="portfolio_shares_received",
    )
    token = models.CharField(max_length=64, unique=True, default=share_token_generate, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("partagé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("partagé le"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expire le"))
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("révoqué par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    overall_notes = models.TextField(_("appréciation générale"), blank=True)
    feedback_released_at = models.DateTimeField(_("avis communiqués le"), null=True, blank=True)

    class Meta:
        verbose_name = _("partage avec un membre du jury")
        verbose_name_plural = _("partages avec le jury")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One live share per jury member: sharing again extends it, so the feedback stays in one place.
            models.UniqueConstraint(
                fields=["portfolio", "jury_member"],
                condition=models.Q(revoked_at__isnull=True),
                name="portfolio_share_one_active_per_member",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")), name="portfolio_share_expiry"
            ),
        ]

    def __str__(self):
        return f"{self.portfolio_id} → {self.jury_member_id}"

    def is_active(self, now=None) -> bool:
        """Say whether the jury member may still open the portfolio (not revoked, not expired)."""
        return self.revoked_at is None and self.expires_at > (now or timezone.now())

    @property
    def is_released(self) -> bool:
        return self.feedback_released_at is not None


class AccessKind(models.TextChoices):
    VIEW = "view", _("consultation du portfolio")
    PDF = "pdf", _("téléchargement du PDF")
    FILE = "file", _("téléchargement d'un justificatif")


class PortfolioAccessLog(models.Model):
    """One access of a jury member to a shared portfolio: what, when, by whom. Written, never changed."""

    wagtail_reference_index_ignore = True

    share = models.ForeignKey(
        PortfolioShare, verbose_name=_("partage"), on_delete=models.CASCADE, related_name="access_logs"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("personne"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("le"), default=timezone.now)
    what = models.CharField(_("accès"), max_length=10, choices=AccessKind.choices)
    target = models.CharField(_("élément"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("accès à un portfolio partagé")
        verbose_name_plural = _("journal des accès aux portfolios")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["share", "at"], name="portfolio_accesslog_share")]

    def __str__(self):
        return f"{self.share_id} · {self.what} · {self.at:%Y-%m-%d %H:%M}"


class JuryOpinionValue(models.TextChoices):
    ACQUIRED = "acquired", _("acquis")
    TO_DEEPEN = "to_deepen", _("à approfondir")
    NOT_DEMONSTRATED = "not_demonstrated", _("non démontré")


class JuryOpinion(models.Model):
    """A jury member's current opinion on one competency; every change is kept in ``JuryOpinionAudit``."""

    wagtail_reference_index_ignore = True

    share = models.ForeignKey(PortfolioShare, on_delete=models.CASCADE, related_name="opinions")
    competency = models.ForeignKey("frameworks.Competency", on_delete=models.CASCADE, related_name="+")
    value = models.CharField(_("avis"), max_length=20, choices=JuryOpinionValue.choices)
    updated_at = models.DateTimeField(_("modifié le"), default=timezone.now)

    class Meta:
        verbose_name = _("avis du jury sur une compétence")
        verbose_name_plural = _("avis du jury sur les compétences")
        constraints = [
            models.UniqueConstraint(fields=["share", "competency"], name="portfolio_opinion_unique"),
            models.CheckConstraint(
                condition=models.Q(value__in=JuryOpinionValue.values), name="portfolio_opinion_known_value"
            ),
        ]

    def __str__(self):
        return f"{self.share_id} · {self.competency_id} · {self.value}"


class JuryOpinionAudit(models.Model):
    """One change of a jury opinion: who, when, before and after."""

    wagtail_reference_index_ignore = True

    share = models.ForeignKey(PortfolioShare, on_delete=models.CASCADE, related_name="opinion_audits")
    competency = models.ForeignKey("frameworks.Competency", on_delete=models.CASCADE, related_name="+")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("par"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("le"), default=timezone.now)
    old_value = models.CharField(_("ancien avis"), max_length=20, blank=True)
    new_value = models.CharField(_("nouvel avis"), max_length=20)

    class Meta:
        verbose_name = _("historique d'un avis du jury")
        verbose_name_plural = _("historique des avis du jury")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.share_id} · {self.competency_id} · {self.old_value or '∅'} → {self.new_value}"


class JuryComment(models.Model):
    """A jury member's comment on one competency or on one practice example (plain text)."""

    wagtail_reference_index_ignore = True

    share = models.ForeignKey(PortfolioShare, on_delete=models.CASCADE, related_name="comments")
    competency = models.ForeignKey(
        "frameworks.Competency", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    example = models.ForeignKey(
        "portfolio.PracticeExample", null=True, blank=True, on_delete=models.CASCADE, related_name="jury_comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("auteur·rice"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("commentaire"), max_length=4000)
    created_at = models.DateTimeField(_("écrit le"), default=timezone.now)

    class Meta:
        verbose_name = _("commentaire du jury")
        verbose_name_plural = _("commentaires du jury")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(competency__isnull=False) & models.Q(example__isnull=True))
                | (models.Q(competency__isnull=True) & models.Q(example__isnull=False)),
                name="portfolio_comment_one_target",
            ),
        ]

    def __str__(self):
        return f"{self.share_id} · {self.body[:40]}"
