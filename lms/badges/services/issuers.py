"""Issuers, their signing keys (encrypted at rest) and their OB 3.0 status list."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lms.accounts.models import Organisation

from .. import links, ob3, status_list
from ..documents import verification_method
from ..keystore import decrypt_private_key, encrypt_private_key
from ..models import Assertion, Issuer, IssuerKey


def _fallback_email() -> str:
    # DEFAULT_FROM_EMAIL may read "Name <address>": an issuer needs the bare address.
    value = settings.DEFAULT_FROM_EMAIL
    return value.rsplit("<", 1)[-1].rstrip(">").strip() if "<" in value else value


@transaction.atomic
def issuer_ensure(*, organisation: Organisation) -> Issuer:
    """Return the organisation's issuer, created from its name, website and contact address."""
    issuer = Issuer.objects.filter(organisation=organisation).first()
    if issuer is not None:
        return issuer
    issuer = Issuer(
        organisation=organisation,
        name=organisation.name,
        url=organisation.website or settings.SITE_URL,
        email=organisation.contact_email or _fallback_email(),
    )
    issuer.full_clean(exclude=["url"], validate_unique=False)
    # get_or_create: two first awards of a new organisation may race; the one-to-one keeps one row.
    issuer, _created = Issuer.objects.get_or_create(
        organisation=organisation,
        defaults={"name": issuer.name, "url": issuer.url, "email": issuer.email},
    )
    return issuer


@transaction.atomic
def issuer_signing_key(*, issuer: Issuer) -> tuple[IssuerKey, ob3.Ed25519PrivateKey]:
    """Return the issuer's active key and its private key, generating and storing one on first use."""
    key = IssuerKey.objects.filter(issuer=issuer, retired_at__isnull=True).first()
    if key is not None:
        return key, decrypt_private_key(key.private_key_encrypted)
    # Only the first signature locks the issuer, so that concurrent first signatures generate one
    # key, not two; later ones must not queue on that lock for the rest of their transaction.
    Issuer.objects.select_for_update().filter(pk=issuer.pk).first()
    key = IssuerKey.objects.filter(issuer=issuer, retired_at__isnull=True).first()
    if key is not None:
        return key, decrypt_private_key(key.private_key_encrypted)
    private_key = ob3.generate_key()
    key = IssuerKey.objects.create(
        issuer=issuer,
        public_key_multibase=ob3.public_key_multibase(private_key),
        private_key_encrypted=encrypt_private_key(private_key),
    )
    return key, private_key


@transaction.atomic
def issuer_key_rotate(*, issuer: Issuer) -> IssuerKey:
    """Retire the active key (it stays published, so earlier credentials verify) and create a new one."""
    IssuerKey.objects.filter(issuer=issuer, retired_at__isnull=True).update(retired_at=timezone.now())
    key, _private = issuer_signing_key(issuer=issuer)
    return key


def issuer_sign(*, issuer: Issuer, document: dict) -> dict:
    """Return ``document`` signed with the issuer's key (``eddsa-rdfc-2022``)."""
    key, private_key = issuer_signing_key(issuer=issuer)
    return ob3.sign_credential(document, private_key=private_key, verification_method=verification_method(issuer, key))


@transaction.atomic
def status_list_refresh(*, issuer: Issuer) -> dict:
    """Rebuild, sign and store the issuer's Bitstring Status List from its revoked assertions."""
    issuer = Issuer.objects.select_for_update().get(pk=issuer.pk)
    revoked = Assertion.objects.filter(issuer=issuer, revoked_at__isnull=False, status_index__isnull=False).values_list(
        "status_index", flat=True
    )
    document = status_list.status_list_credential(
        list_url=links.status_list_url(issuer.pk),
        issuer=links.issuer_profile_url(issuer.pk),
        valid_from=timezone.now(),
        revoked=list(revoked),
    )
    issuer.status_list_credential = issuer_sign(issuer=issuer, document=document)
    issuer.save(update_fields=["status_list_credential"])
    return issuer.status_list_credential
