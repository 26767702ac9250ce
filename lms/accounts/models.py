from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager, Group
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .roles import OrganisationRole
from .territories import DEPARTEMENT_CHOICES, REGION_CHOICES, region_of


class UserManager(BaseUserManager):
    """Create users identified by their e-mail address, stored in lower case."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractUser):
    """A person using Tremplin; logs in with an e-mail address."""

    username = None
    email = models.EmailField(
        _("adresse e-mail"),
        max_length=254,
        unique=True,
        error_messages={"unique": _("Un compte existe déjà avec cette adresse.")},
    )
    structure = models.CharField(
        _("structure employeuse"),
        max_length=200,
        blank=True,
        help_text=_("Centre social, médiathèque, mairie, association…"),
    )
    region = models.CharField(_("région"), max_length=2, choices=REGION_CHOICES, blank=True)
    departement = models.CharField(_("département"), max_length=3, choices=DEPARTEMENT_CHOICES, blank=True)
    preferred_language = models.CharField(_("langue préférée"), max_length=8, choices=settings.LANGUAGES, default="fr")
    is_invited = models.BooleanField(
        _("invitation en attente"),
        default=False,
        help_text=_("Compte créé par un organisme ; la personne n'a pas encore choisi son mot de passe."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        verbose_name = _("utilisateur·rice")
        verbose_name_plural = _("utilisateur·rices")
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]
        indexes = [models.Index(fields=["region", "departement"], name="accounts_user_territory")]

    def __str__(self):
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        if self.departement:
            # The région always follows the département, so territory statistics stay consistent.
            self.region = region_of(self.departement) or self.region
        super().save(*args, **kwargs)


siret_validator = RegexValidator(r"^\d{14}$", _("Un SIRET compte exactement 14 chiffres."))


class Organisation(models.Model):
    """A training organisation (organisme de formation) that authors courses and runs cohorts."""

    name = models.CharField(_("nom"), max_length=200, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[siret_validator])
    contact_email = models.EmailField(_("e-mail de contact"), blank=True)
    contact_phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    website = models.URLField(_("site web"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organisations", blank=True
    )

    class Meta:
        verbose_name = _("organisme de formation")
        verbose_name_plural = _("organismes de formation")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A person's role within one training organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("personne")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisme")
    )
    role = models.CharField(_("rôle"), max_length=20, choices=OrganisationRole.choices)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("rôle dans un organisme")
        verbose_name_plural = _("rôles dans les organismes")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="accounts_membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"


class OrganisationGroup(models.Model):
    """The Django group that carries one role within one organisation (page permissions hang on it)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="role_groups")
    role = models.CharField(max_length=20, choices=OrganisationRole.choices)
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="organisation_role")

    class Meta:
        verbose_name = _("groupe d'organisme")
        verbose_name_plural = _("groupes d'organismes")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "role"], name="accounts_orggroup_unique"),
        ]

    def __str__(self):
        return self.group.name
