"""Issuers (one per training organisation) and their Ed25519 signing keys."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Issuer(models.Model):
    """A training organisation acting as an Open Badges issuer; created on demand from the organisation."""

    organisation = models.OneToOneField(
        "accounts.Organisation", verbose_name=_("organisme"), on_delete=models.PROTECT, related_name="badge_issuer"
    )
    name = models.CharField(_("nom"), max_length=200)
    url = models.URLField(_("site web"))
    email = models.EmailField(_("e-mail de contact"))
    image = models.FileField(_("logo (PNG ou SVG)"), upload_to="badges/issuers/", blank=True)
    description = models.TextField(_("présentation"), blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    # The signed BitstringStatusListCredential, rebuilt at each revocation (None: never built yet).
    status_list_credential = models.JSONField(_("liste de statuts (OB 3.0)"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("émetteur de badges")
        verbose_name_plural = _("émetteurs de badges")
        ordering = ["name"]

    def __str__(self):
        return self.name


class IssuerKey(models.Model):
    """An issuer's Ed25519 key: public part published, private part only as an encrypted token."""

    wagtail_reference_index_ignore = True

    issuer = models.ForeignKey(Issuer, verbose_name=_("émetteur"), on_delete=models.CASCADE, related_name="keys")
    public_key_multibase = models.CharField(_("clé publique (Multikey)"), max_length=64, unique=True)
    private_key_encrypted = models.TextField(_("clé privée chiffrée"), editable=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    retired_at = models.DateTimeField(_("retirée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("clé de signature")
        verbose_name_plural = _("clés de signature")
        ordering = ["issuer", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer"], condition=models.Q(retired_at__isnull=True), name="badges_issuerkey_one_active"
            ),
        ]

    def __str__(self):
        return f"{self.issuer} · {self.public_key_multibase[:12]}…"
