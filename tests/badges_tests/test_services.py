import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from lms.accounts.roles import OrganisationRole
from lms.badges import keystore, ob3, status_list
from lms.badges.models import Assertion, AssertionStatus, Issuer, IssuerKey
from lms.badges.services import (
    AssertionIssueError,
    assertion_award_manual,
    assertion_issue,
    assertion_revoke,
    awards_evaluate,
    issuer_ensure,
    issuer_key_rotate,
    issuer_signing_key,
)
from lms.badges.services import awards as awards_module
from lms.badges.services import revocation as revocation_module

from .factories import (
    TRAINER_RULE,
    attend,
    competency_rule,
    complete,
    course_rule,
    demonstrate,
    make_badge_class,
    make_member,
    make_series,
    sessions_rule,
)

pytestmark = pytest.mark.django_db


def statements(user):
    from lms.records.models import Statement

    return Statement.objects.filter(user=user, verb="earned")


class TestAwardRules:
    def test_course_completed(self, organisation, course, learner):
        badge_class = make_badge_class(organisation, rules=[course_rule(course)])
        assert awards_evaluate(user_id=learner.pk) == []
        complete(learner, course)
        [assertion] = awards_evaluate(user_id=learner.pk)
        assert assertion.badge_class == badge_class
        assert assertion.status == AssertionStatus.ISSUED
        assert "Posture professionnelle" in assertion.evidence[0]["narrative"]

    def test_competency_demonstrated(self, organisation, framework, learner):
        make_badge_class(organisation, rules=[competency_rule(framework["CP3"])])
        demonstrate(learner, framework["CP1"])
        assert awards_evaluate(user_id=learner.pk) == []
        demonstrate(learner, framework["CP3"])
        [assertion] = awards_evaluate(user_id=learner.pk)
        assert "TEST-BADGES/CCP1/CP3" in assertion.evidence[0]["narrative"]

    def test_sessions_attended(self, organisation, learner):
        series = make_series(organisation, sessions=3)
        make_badge_class(organisation, name="Participant·e", rules=[sessions_rule(series, 3)])
        attend(learner, series, 2)
        assert awards_evaluate(user_id=learner.pk) == []
        from lms.learning.models import LiveSessionRegistration

        third = series.sessions.order_by("starts_at")[2]
        LiveSessionRegistration.objects.create(user=learner, session=third, attended=True, attended_at=third.starts_at)
        [assertion] = awards_evaluate(user_id=learner.pk)
        assert "Jeudi 3" in assertion.evidence[0]["narrative"]

    def test_registration_without_attendance_does_not_count(self, organisation, learner):
        from lms.learning.models import LiveSessionRegistration

        series = make_series(organisation, sessions=1)
        make_badge_class(organisation, rules=[sessions_rule(series, 1)])
        LiveSessionRegistration.objects.create(user=learner, session=series.sessions.get())
        assert awards_evaluate(user_id=learner.pk) == []

    def test_every_automatic_rule_must_hold(self, organisation, course, framework, learner):
        make_badge_class(organisation, rules=[course_rule(course), competency_rule(framework["CP3"])])
        complete(learner, course)
        assert awards_evaluate(user_id=learner.pk) == []
        demonstrate(learner, framework["CP3"])
        assert len(awards_evaluate(user_id=learner.pk)) == 1

    def test_inactive_class_is_not_awarded(self, organisation, course, learner):
        make_badge_class(organisation, rules=[course_rule(course)], is_active=False)
        complete(learner, course)
        assert awards_evaluate(user_id=learner.pk) == []
        assert not Assertion.objects.exists()

    def test_trainer_only_class_is_never_automatic(self, organisation, course, learner):
        make_badge_class(organisation, rules=[TRAINER_RULE])
        complete(learner, course)
        assert awards_evaluate(user_id=learner.pk) == []


class TestIdempotency:
    def test_running_twice_awards_once(self, organisation, course, learner):
        make_badge_class(organisation, rules=[course_rule(course)])
        complete(learner, course)
        assert len(awards_evaluate(user_id=learner.pk)) == 1
        assert awards_evaluate(user_id=learner.pk) == []
        assert Assertion.objects.count() == 1
        assert statements(learner).count() == 1

    def test_repeatable_class_awards_once_per_occurrence(self, organisation, learner):
        series = make_series(organisation, sessions=6)
        make_badge_class(organisation, rules=[sessions_rule(series, 3)], repeatable=True)
        attend(learner, series, 6)
        assert len(awards_evaluate(user_id=learner.pk)) == 2
        assert awards_evaluate(user_id=learner.pk) == []
        assert Assertion.objects.filter(recipient=learner).count() == 2

    def test_non_repeatable_class_with_many_occurrences_awards_once(self, organisation, learner):
        series = make_series(organisation, sessions=6)
        make_badge_class(organisation, rules=[sessions_rule(series, 3)])
        attend(learner, series, 6)
        assert len(awards_evaluate(user_id=learner.pk)) == 1

    def test_revoked_badge_is_not_awarded_again(self, organisation, course, learner):
        trainer = make_member(organisation)
        make_badge_class(organisation, rules=[course_rule(course)])
        complete(learner, course)
        [assertion] = awards_evaluate(user_id=learner.pk)
        assertion_revoke(assertion=assertion, reason="Erreur de saisie", actor=trainer)
        assert awards_evaluate(user_id=learner.pk) == []
        assert Assertion.objects.count() == 1

    def test_reissuing_an_issued_assertion_changes_nothing(self, organisation, course, learner):
        make_badge_class(organisation, rules=[course_rule(course)])
        complete(learner, course)
        [assertion] = awards_evaluate(user_id=learner.pk)
        again, issued_now = assertion_issue(assertion_id=assertion.pk)
        assert issued_now is False
        assert again.credential == assertion.credential


class TestIssuing:
    def test_records_an_earned_statement(self, organisation, course, learner):
        badge_class = make_badge_class(organisation, rules=[course_rule(course)])
        complete(learner, course)
        [assertion] = awards_evaluate(user_id=learner.pk)
        [statement] = statements(learner)
        assert statement.object_type == "badge"
        assert statement.object_id.endswith(f"/badges/classes/{badge_class.pk}.json")
        assert assertion.statement_id == statement.pk

    def test_credential_verifies_with_the_issuer_key(self, organisation, course, learner):
        make_badge_class(organisation, rules=[course_rule(course)])
        complete(learner, course)
        [assertion] = awards_evaluate(user_id=learner.pk)
        key = IssuerKey.objects.get(issuer=assertion.issuer)
        assert ob3.verify_credential(assertion.credential, key.public_key_multibase).ok
        status = assertion.credential["credentialStatus"]
        assert status["type"] == "BitstringStatusListEntry"
        assert status["statusListIndex"] == str(assertion.status_index)

    def test_expiry(self, organisation, course, learner):
        make_badge_class(organisation, rules=[course_rule(course)], expires_after_days=365)
        complete(learner, course)
        [assertion] = awards_evaluate(user_id=learner.pk)
        assert (assertion.expires_on - assertion.issued_on).days == 365
        assert assertion.credential["validUntil"]

    def test_without_ob3_signing(self, organisation, course, learner, settings):
        settings.BADGES_SIGN_OB3 = False
        make_badge_class(organisation, rules=[course_rule(course)])
        complete(learner, course)
        [assertion] = awards_evaluate(user_id=learner.pk)
        assert assertion.credential is None
        assert assertion.status_index is None
        assert not IssuerKey.objects.exists()

    def test_dropped_term_fails_loudly_and_can_be_retried(self, organisation, course, learner, monkeypatch):
        make_badge_class(organisation, rules=[course_rule(course)])
        complete(learner, course)
        original = awards_module.credential_document

        def with_unknown_term(*args, **kwargs):
            document = original(*args, **kwargs)
            document["credentialSubject"]["achievement"]["blocRncp"] = "RNCP37432BC01"
            return document

        monkeypatch.setattr(awards_module, "credential_document", with_unknown_term)
        with pytest.raises(AssertionIssueError) as excinfo:
            awards_evaluate(user_id=learner.pk)
        assertion = Assertion.objects.get()
        assert assertion.status == AssertionStatus.FAILED
        assert "blocRncp" in assertion.error
        assert "DroppedTermError" in assertion.error
        assert assertion.pk in excinfo.value.failures
        assert not statements(learner).exists()

        monkeypatch.setattr(awards_module, "credential_document", original)
        [retried] = awards_evaluate(user_id=learner.pk)
        assert retried.pk == assertion.pk
        assert retried.status == AssertionStatus.ISSUED
        assert retried.error == ""
        assert retried.attempts == 2

    def test_public_ids_are_random_uuid4(self, organisation, learner):
        series = make_series(organisation, sessions=6)
        make_badge_class(organisation, rules=[sessions_rule(series, 1)], repeatable=True)
        attend(learner, series, 6)
        assertions = awards_evaluate(user_id=learner.pk)
        uuids = [assertion.uuid for assertion in assertions]
        assert len(set(uuids)) == 6
        assert all(value.version == 4 for value in uuids)
        salts = {assertion.salt for assertion in assertions}
        assert len(salts) == 6


class TestKeys:
    def test_key_generated_once_and_stored_encrypted(self, organisation):
        issuer = issuer_ensure(organisation=organisation)
        key, private_key = issuer_signing_key(issuer=issuer)
        again, _private = issuer_signing_key(issuer=issuer)
        assert again.pk == key.pk
        seed = private_key.private_bytes_raw()
        secret_multibase = ob3.private_key_multibase(private_key)
        with connection.cursor() as cursor:
            cursor.execute("SELECT private_key_encrypted FROM badges_issuerkey WHERE id = %s", [key.pk])
            [stored] = cursor.fetchone()
        assert isinstance(stored, str)
        for clear in (seed.hex(), secret_multibase, secret_multibase[1:], seed.decode("latin-1")):
            assert clear not in stored
        import base64

        assert base64.b64encode(seed).decode() not in stored
        assert keystore.decrypt_private_key(stored).private_bytes_raw() == seed

    def test_another_secret_cannot_decrypt(self, organisation, settings):
        issuer = issuer_ensure(organisation=organisation)
        key, _private = issuer_signing_key(issuer=issuer)
        settings.BADGES_KEY_ENCRYPTION_KEY = "un-autre-secret"
        with pytest.raises(keystore.KeyDecryptionError) as excinfo:
            keystore.decrypt_private_key(key.private_key_encrypted)
        assert str(excinfo.value) == keystore.UNDECRYPTABLE

    def test_rotation_keeps_the_old_key_published(self, organisation):
        issuer = issuer_ensure(organisation=organisation)
        old, _private = issuer_signing_key(issuer=issuer)
        new = issuer_key_rotate(issuer=issuer)
        assert new.pk != old.pk
        assert IssuerKey.objects.filter(issuer=issuer).count() == 2
        assert IssuerKey.objects.filter(issuer=issuer, retired_at__isnull=True).get() == new


class TestIssuerEnsure:
    def test_created_from_the_organisation_once(self, organisation):
        issuer = issuer_ensure(organisation=organisation)
        assert (issuer.name, issuer.url, issuer.email) == (
            "Les Ateliers du Lien",
            "https://ateliers.fr",
            "contact@ateliers.fr",
        )
        assert issuer_ensure(organisation=organisation) == issuer
        assert Issuer.objects.count() == 1


class TestManualAward:
    @pytest.fixture
    def badge_class(self, organisation):
        return make_badge_class(organisation, name="Pair·e aidant·e", rules=[TRAINER_RULE])

    def test_trainer_awards_with_a_narrative(
        self, organisation, badge_class, learner, django_capture_on_commit_callbacks
    ):
        trainer = make_member(organisation)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            assertion = assertion_award_manual(
                badge_class=badge_class, learner=learner, trainer=trainer, narrative="  A animé deux ateliers.  "
            )
            assert Assertion.objects.get().status == AssertionStatus.PENDING
        # The award task first; issuing then records "earned", which queues a portfolio refresh too.
        assert [c.func.__self__.name for c in callbacks] == [
            "badges.award_manual",
            "portfolio.collect_evidence_for_user",
        ]
        assertion.refresh_from_db()
        # Eager Celery in tests: the award_manual task enqueued on commit has issued it.
        assert assertion.status == AssertionStatus.ISSUED
        assert assertion.narrative == "A animé deux ateliers."
        assert assertion.awarded_by == trainer

    @pytest.mark.parametrize(
        ("narrative", "message"), [("   ", awards_module.NARRATIVE_REQUIRED)], ids=["empty narrative"]
    )
    def test_refusals_store_nothing(self, organisation, badge_class, learner, narrative, message):
        trainer = make_member(organisation)
        with pytest.raises(ValidationError) as excinfo:
            assertion_award_manual(badge_class=badge_class, learner=learner, trainer=trainer, narrative=narrative)
        assert excinfo.value.messages == [str(message)]
        assert not Assertion.objects.exists()

    def test_class_without_trainer_rule_is_refused(self, organisation, course, learner):
        badge_class = make_badge_class(organisation, rules=[course_rule(course)])
        trainer = make_member(organisation)
        with pytest.raises(ValidationError) as excinfo:
            assertion_award_manual(badge_class=badge_class, learner=learner, trainer=trainer, narrative="Bravo")
        assert excinfo.value.messages == [str(awards_module.NOT_MANUAL)]
        assert not Assertion.objects.exists()

    def test_once_only_class_cannot_be_awarded_twice(self, organisation, badge_class, learner):
        trainer = make_member(organisation)
        assertion_award_manual(badge_class=badge_class, learner=learner, trainer=trainer, narrative="Bravo")
        with pytest.raises(ValidationError) as excinfo:
            assertion_award_manual(badge_class=badge_class, learner=learner, trainer=trainer, narrative="Encore")
        assert excinfo.value.messages == [str(awards_module.ALREADY_AWARDED % {"learner": learner})]
        assert Assertion.objects.count() == 1

    def test_repeatable_class_awarded_twice(self, organisation, learner, django_capture_on_commit_callbacks):
        badge_class = make_badge_class(organisation, rules=[TRAINER_RULE], repeatable=True)
        trainer = make_member(organisation)
        for narrative in ("Premier atelier", "Second atelier"):
            with django_capture_on_commit_callbacks(execute=True):
                assertion_award_manual(badge_class=badge_class, learner=learner, trainer=trainer, narrative=narrative)
        assert Assertion.objects.filter(status=AssertionStatus.ISSUED).count() == 2

    @pytest.mark.parametrize("role", [OrganisationRole.AUTHOR, OrganisationRole.REVIEWER])
    def test_non_trainers_are_refused(self, organisation, badge_class, learner, role):
        member = make_member(organisation, role=role)
        with pytest.raises(PermissionDenied):
            assertion_award_manual(badge_class=badge_class, learner=learner, trainer=member, narrative="Bravo")
        assert not Assertion.objects.exists()

    def test_trainer_of_another_organisation_is_refused(self, badge_class, learner):
        from tests.accounts_tests.factories import OrganisationFactory

        stranger = make_member(OrganisationFactory())
        with pytest.raises(PermissionDenied):
            assertion_award_manual(badge_class=badge_class, learner=learner, trainer=stranger, narrative="Bravo")
        assert not Assertion.objects.exists()


class TestRevoke:
    @pytest.fixture
    def issued(self, organisation, course, learner):
        make_badge_class(organisation, rules=[course_rule(course)])
        complete(learner, course)
        [assertion] = awards_evaluate(user_id=learner.pk)
        return assertion

    def test_revocation_is_audited_and_listed(self, organisation, issued):
        from wagtail.models import ModelLogEntry

        trainer = make_member(organisation)
        assertion_revoke(assertion=issued, reason="Délivré par erreur", actor=trainer)
        issued.refresh_from_db()
        assert issued.revoked_at is not None
        assert issued.revocation_reason == "Délivré par erreur"
        entry = ModelLogEntry.objects.get(action=revocation_module.LOG_REVOKED)
        assert entry.user == trainer
        assert entry.data == {"reason": "Délivré par erreur"}
        issued.issuer.refresh_from_db()
        encoded = issued.issuer.status_list_credential["credentialSubject"]["encodedList"]
        assert status_list.is_set(encoded, issued.status_index)

    @pytest.mark.parametrize(
        ("reason", "message"),
        [("", revocation_module.REASON_REQUIRED), ("x" * 256, revocation_module.REASON_TOO_LONG)],
        ids=["empty", "too long"],
    )
    def test_refusals_change_nothing(self, organisation, issued, reason, message):
        trainer = make_member(organisation)
        with pytest.raises(ValidationError) as excinfo:
            assertion_revoke(assertion=issued, reason=reason, actor=trainer)
        assert excinfo.value.messages == [str(message)]
        issued.refresh_from_db()
        assert issued.revoked_at is None

    def test_twice_is_refused(self, organisation, issued):
        trainer = make_member(organisation)
        assertion_revoke(assertion=issued, reason="Erreur", actor=trainer)
        with pytest.raises(ValidationError) as excinfo:
            assertion_revoke(assertion=issued, reason="Encore", actor=trainer)
        assert excinfo.value.messages == [str(revocation_module.ALREADY_REVOKED)]

    def test_learner_cannot_revoke(self, issued, learner):
        with pytest.raises(PermissionDenied):
            assertion_revoke(assertion=issued, reason="Je n'en veux pas", actor=learner)
        issued.refresh_from_db()
        assert issued.revoked_at is None
