import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from lms.accounts.models import Membership, User
from lms.accounts.roles import SITE_ROLE_GROUPS, OrganisationRole, SiteRole
from lms.accounts.services import (
    membership_create,
    membership_delete,
    organisation_create,
    roles_sync,
    user_create,
    user_grant_site_role,
    user_update_profile,
)

from .factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


class TestRolesSync:
    def test_creates_one_group_per_site_role(self):
        roles_sync()
        assert set(SITE_ROLE_GROUPS.values()) <= set(Group.objects.values_list("name", flat=True))

    def test_is_idempotent(self):
        roles_sync()
        groups = Group.objects.count()
        permissions = sum(group.permissions.count() for group in Group.objects.all())
        roles_sync()
        assert Group.objects.count() == groups
        assert sum(group.permissions.count() for group in Group.objects.all()) == permissions

    def test_authors_get_wagtail_admin_access(self):
        groups = roles_sync()
        assert groups[SiteRole.AUTHOR].permissions.filter(codename="access_admin").exists()
        assert not groups[SiteRole.LEARNER].permissions.exists()


class TestUserCreate:
    def test_creates_a_learner_by_default(self):
        user = user_create(email="Nouvelle@Exemple.fr", password="Un-mot-de-passe-solide-42", first_name="Lou")
        assert user.email == "nouvelle@exemple.fr"
        assert user.check_password("Un-mot-de-passe-solide-42")
        assert user.groups.filter(name=SITE_ROLE_GROUPS[SiteRole.LEARNER]).exists()

    def test_refuses_an_unknown_departement_and_stores_nothing(self):
        with pytest.raises(ValidationError) as error:
            user_create(email="x@exemple.fr", password="Un-mot-de-passe-solide-42", departement="999")
        assert "departement" in error.value.message_dict
        assert not User.objects.exists()

    def test_refuses_a_duplicate_email(self):
        user_create(email="x@exemple.fr", password=None)
        with pytest.raises(ValidationError) as error:
            user_create(email="X@exemple.fr", password=None)
        assert error.value.message_dict["email"] == ["Un compte existe déjà avec cette adresse."]
        assert User.objects.count() == 1

    def test_invited_user_has_no_usable_password(self):
        user = user_create(email="x@exemple.fr", password=None, is_invited=True)
        assert not user.has_usable_password()


class TestOrganisationAndMemberships:
    def test_organisation_create_makes_a_group_per_role(self):
        organisation = organisation_create(name="Les Ateliers du Lien")
        assert organisation.slug == "les-ateliers-du-lien"
        assert set(organisation.role_groups.values_list("role", flat=True)) == set(OrganisationRole.values)

    def test_organisation_with_a_200_character_name_gets_its_own_groups(self):
        from django.contrib.auth.models import Group

        long_name = "Association départementale pour la médiation numérique " * 4
        first = organisation_create(name=long_name[:200], slug="adm-1")
        second = organisation_create(name=long_name[:199] + "!", slug="adm-2")  # the same first 150 characters
        groups = [og.group for organisation in (first, second) for og in organisation.role_groups.all()]
        assert len({group.pk for group in groups}) == 2 * len(OrganisationRole.values)
        assert all(len(group.name) <= 150 for group in groups)
        author = first.role_groups.get(role=OrganisationRole.AUTHOR).group.name
        assert author.endswith(f"({first.slug}) · {OrganisationRole.AUTHOR.label}")
        assert Group.objects.filter(name=author).count() == 1

    def test_a_group_of_the_same_name_made_by_hand_is_never_shared(self):
        from django.contrib.auth.models import Group

        hand_made = Group.objects.create(name=f"Atelier Sud · {OrganisationRole.AUTHOR.label}")
        organisation = organisation_create(name="Atelier Sud")
        group = organisation.role_groups.get(role=OrganisationRole.AUTHOR).group
        assert group.pk != hand_made.pk
        assert group.name == f"Atelier Sud ({organisation.slug}) · {OrganisationRole.AUTHOR.label}"
        reviewer = organisation.role_groups.get(role=OrganisationRole.REVIEWER).group
        assert reviewer.name == f"Atelier Sud · {OrganisationRole.REVIEWER.label}"

    def test_organisation_refuses_a_malformed_siret(self):
        with pytest.raises(ValidationError) as error:
            organisation_create(name="X", siret="1234")
        assert error.value.message_dict["siret"] == ["Un SIRET compte exactement 14 chiffres."]

    def test_membership_create_is_idempotent_and_grants_groups(self):
        user, organisation = UserFactory(), OrganisationFactory()
        first = membership_create(user=user, organisation=organisation, role=OrganisationRole.AUTHOR)
        second = membership_create(user=user, organisation=organisation, role=OrganisationRole.AUTHOR)
        assert first == second
        assert Membership.objects.count() == 1
        group = organisation.role_groups.get(role=OrganisationRole.AUTHOR).group
        assert user.groups.filter(pk=group.pk).exists()
        assert user.groups.filter(name=SITE_ROLE_GROUPS[SiteRole.AUTHOR]).exists()

    def test_membership_changes_are_audited(self):
        admin, user, organisation = UserFactory(), UserFactory(), OrganisationFactory()
        membership = membership_create(user=user, organisation=organisation, role=OrganisationRole.TRAINER, actor=admin)
        membership_delete(membership=membership, actor=admin)
        actions = list(ModelLogEntry.objects.filter(object_id=str(user.pk)).values_list("action", "user_id"))
        assert ("tremplin.membership_created", admin.pk) in actions
        assert ("tremplin.membership_deleted", admin.pk) in actions
        group = organisation.role_groups.get(role=OrganisationRole.TRAINER).group
        assert not user.groups.filter(pk=group.pk).exists()

    def test_granting_the_administrator_role_makes_staff(self):
        user = UserFactory()
        user_grant_site_role(user=user, role=SiteRole.ADMINISTRATOR)
        user.refresh_from_db()
        assert user.is_staff
        assert ModelLogEntry.objects.filter(action="tremplin.role_granted", object_id=str(user.pk)).exists()


class TestUserUpdateProfile:
    def test_updates_allowed_fields(self):
        user = UserFactory()
        user_update_profile(user=user, structure="Médiathèque", departement="13", preferred_language="en")
        user.refresh_from_db()
        assert (user.structure, user.departement, user.preferred_language) == ("Médiathèque", "13", "en")

    def test_refuses_other_fields(self):
        user = UserFactory()
        with pytest.raises(ValueError, match="is_superuser"):
            user_update_profile(user=user, is_superuser=True)
        user.refresh_from_db()
        assert not user.is_superuser
