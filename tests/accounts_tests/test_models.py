import pytest
from django.db import IntegrityError, transaction

from lms.accounts.models import User

pytestmark = pytest.mark.django_db


class TestUser:
    def test_email_is_stored_in_lower_case(self):
        user = User.objects.create_user("Camille.Martin@Exemple.FR", "x")
        assert user.email == "camille.martin@exemple.fr"

    def test_email_is_unique_whatever_the_case(self):
        User.objects.create_user("camille@exemple.fr", "x")
        with pytest.raises(IntegrityError), transaction.atomic():
            User.objects.create(email="CAMILLE@exemple.fr")
        assert User.objects.count() == 1

    def test_departement_fills_the_region(self):
        user = User.objects.create_user("a@exemple.fr", "x", departement="2A")
        assert user.region == "94"

    def test_natural_key_lookup_ignores_case(self):
        user = User.objects.create_user("a@exemple.fr", "x")
        assert User.objects.get_by_natural_key("A@EXEMPLE.FR") == user

    def test_superuser_has_staff_flag(self):
        user = User.objects.create_superuser("root@exemple.fr", "x")
        assert user.is_staff and user.is_superuser
