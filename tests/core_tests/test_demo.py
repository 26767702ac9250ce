import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from lms.accounts.models import Membership, Organisation, User
from lms.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

pytestmark = pytest.mark.django_db


class TestLoadDemo:
    def test_is_idempotent(self):
        call_command("load_demo", verbosity=0)
        counts = (User.objects.count(), Organisation.objects.count(), Membership.objects.count())
        call_command("load_demo", verbosity=0)
        assert (User.objects.count(), Organisation.objects.count(), Membership.objects.count()) == counts
        assert counts[0] == len(DEMO_ACCOUNTS)

    def test_every_demo_account_can_log_in(self, client):
        call_command("load_demo", verbosity=0)
        for account in DEMO_ACCOUNTS:
            response = client.post("/compte/connexion/", {"username": account.email, "password": DEMO_PASSWORD})
            assert response.status_code == 302, account.email
            client.post("/compte/deconnexion/")

    def test_refused_when_demo_data_is_off(self):
        with override_settings(TREMPLIN_ALLOW_DEMO_DATA=False), pytest.raises(CommandError, match="refused"):
            call_command("load_demo", verbosity=0)
        assert not User.objects.exists()
