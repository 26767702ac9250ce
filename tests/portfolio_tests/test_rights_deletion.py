from pathlib import Path

import pytest
from django.core.files.storage import default_storage

from lms.portfolio.errors import PortfolioError
from lms.portfolio.models import EvidenceItem, Portfolio, PortfolioShare
from lms.portfolio.rights import user_account_delete
from lms.portfolio.storage import portfolio_directory
from tests.accounts_tests.factories import PASSWORD

from .factories import full_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(learner, site, titles, jury_member):
    return full_history(learner, site, titles, jury_member)


@pytest.fixture
def deleted(learner, history, django_capture_on_commit_callbacks):
    original = {"email": learner.email, "directory": portfolio_directory(history["portfolio"].storage_key)}
    assert original["directory"].is_dir()
    with django_capture_on_commit_callbacks(execute=True):
        report = user_account_delete(user=learner, email="  Camille@Exemple.fr ", password=PASSWORD)
    learner.refresh_from_db()
    return {**history, **original, "report": report}


class TestRefusals:
    @pytest.mark.parametrize(
        ("email", "password", "message"),
        [
            ("autre@exemple.fr", PASSWORD, "L'adresse e-mail ne correspond pas à celle de votre compte."),
            ("camille@exemple.fr", "mauvais", "Mot de passe incorrect."),
        ],
    )
    def test_wrong_confirmation_changes_nothing(self, learner, history, email, password, message):
        with pytest.raises(PortfolioError) as refused:
            user_account_delete(user=learner, email=email, password=password)

        assert str(refused.value.message) == message
        learner.refresh_from_db()
        assert learner.is_active and learner.email == "camille@exemple.fr"
        assert Portfolio.objects.filter(user=learner).exists()

    def test_staff_accounts_are_refused(self, staff):
        with pytest.raises(PortfolioError) as refused:
            user_account_delete(user=staff, email=staff.email, password=PASSWORD)

        assert refused.value.status_code == 403
        staff.refresh_from_db()
        assert staff.is_active


class TestDeletion:
    def test_the_account_becomes_an_anonymous_tombstone(self, deleted):
        learner = deleted["portfolio"].user
        learner.refresh_from_db()

        assert learner.email.endswith("@compte-supprime.invalid")
        assert learner.get_full_name() == "Compte supprimé"
        assert not learner.is_active and not learner.has_usable_password()
        assert (learner.structure, learner.departement, learner.groups.count()) == ("", "", 0)

    def test_personal_data_and_files_are_gone(self, deleted, learner):
        from assessments.models import Attempt, CompetencyStatus
        from lms.learning.models import CourseCompletion, Enrolment
        from lms.records.models import ActorAccount

        assert not Portfolio.objects.exists() and not EvidenceItem.objects.exists()
        assert not PortfolioShare.objects.exists()
        assert not deleted["directory"].exists()
        assert not Enrolment.objects.filter(user=learner).exists()
        assert not CourseCompletion.objects.filter(user=learner).exists()
        assert not Attempt.objects.filter(user=learner).exists()
        assert not CompetencyStatus.objects.filter(user=learner).exists()
        assert not ActorAccount.objects.filter(user=learner).exists()
        assert not default_storage.exists(deleted["answer"].file.name)
        assert deleted["report"].deleted["portfolio.Portfolio"] == 1
        assert deleted["report"].deleted["portfolio.EvidenceItem"] == 5
        assert deleted["report"].kept == {"learning.Attestation": 1, "badges.Assertion": 1}

    def test_ledger_statements_stay_under_their_opaque_account(self, deleted):
        from lms.records.models import Statement

        statement = Statement.objects.get(pk=deleted["statement"].pk)

        assert statement.user_id is None
        assert statement.actor_account == deleted["statement"].actor_account
        assert statement.raw == deleted["statement"].raw

    def test_attestation_stays_verifiable_without_the_name(self, deleted, client):
        from lms.learning.models import Attestation

        attestation = Attestation.objects.get(pk=deleted["attestation"].pk)
        page = client.get(f"/attestations/{attestation.public_id}/").content.decode()

        assert attestation.learner_name == "Compte supprimé"
        assert attestation.course_title == "Accueillir les publics"
        assert "Compte supprimé" in page and "Camille" not in page

    def test_badge_stays_verifiable_and_its_recipient_hash_still_matches(self, deleted, client):
        from lms.badges import ob2
        from lms.badges.models import Assertion

        assertion = Assertion.objects.get(pk=deleted["assertion"].pk)
        page = client.get(f"/badges/assertions/{assertion.uuid}/")
        document = client.get(f"/badges/assertions/{assertion.uuid}.json").json()

        assert page.status_code == 200
        assert "Compte supprimé" in page.content.decode() and "Camille" not in page.content.decode()
        assert document["recipient"]["identity"] == ob2.hash_identity(deleted["email"], assertion.salt)

    def test_the_jury_members_comments_go_with_the_portfolio_but_their_account_stays(self, deleted, jury_member):
        jury_member.refresh_from_db()

        assert jury_member.is_active
        assert jury_member.email == "bernard.jury@exemple.fr"


class TestOthersAreUntouched:
    def test_another_learners_data_is_kept(
        self, learner, history, other_learner, titles, django_capture_on_commit_callbacks
    ):
        from lms.portfolio.services import portfolio_create

        other = portfolio_create(user=other_learner, framework=titles["REMN"]["framework"])
        Path(portfolio_directory(other.storage_key)).mkdir(parents=True)

        with django_capture_on_commit_callbacks(execute=True):
            user_account_delete(user=learner, email=learner.email, password=PASSWORD)

        assert Portfolio.objects.get() == other
        assert portfolio_directory(other.storage_key).is_dir()
