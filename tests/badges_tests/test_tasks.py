import pytest
from django.core.management import call_command
from django.db import OperationalError

from lms.badges import tasks
from lms.badges.models import Assertion, AssertionStatus
from lms.badges.services import AssertionIssueError, awards_record
from lms.badges.services import awards as awards_module

from .factories import TRAINER_RULE, complete, course_rule, make_badge_class, make_member

pytestmark = pytest.mark.django_db


class TestEvaluateAwards:
    def test_registered_name_and_retry_policy(self):
        assert tasks.evaluate_awards.name == "badges.evaluate_awards"
        assert tasks.award_manual.name == "badges.award_manual"
        assert OperationalError in tasks.evaluate_awards.autoretry_for
        assert tasks.evaluate_awards.max_retries == 5

    def test_awards_through_the_task_and_is_idempotent(self, organisation, course, learner):
        make_badge_class(organisation, rules=[course_rule(course)])
        complete(learner, course)
        [public_id] = tasks.evaluate_awards.delay(learner.pk).get()
        assert Assertion.objects.get().uuid.hex == public_id.replace("-", "")
        assert tasks.evaluate_awards.delay(learner.pk).get() == []
        assert Assertion.objects.count() == 1

    def test_a_signing_failure_fails_the_task_visibly(self, organisation, course, learner, monkeypatch):
        make_badge_class(organisation, rules=[course_rule(course)])
        complete(learner, course)
        original = awards_module.credential_document

        def broken(*args, **kwargs):
            return {**original(*args, **kwargs), "mentionInconnue": "perdue à l'expansion"}

        monkeypatch.setattr(awards_module, "credential_document", broken)
        with pytest.raises(AssertionIssueError) as excinfo:
            tasks.evaluate_awards.delay(learner.pk)
        assert "mentionInconnue" in str(excinfo.value)
        assert Assertion.objects.get().status == AssertionStatus.FAILED


class TestAwardManual:
    def test_issues_the_pending_assertion_once(self, organisation, learner):
        badge_class = make_badge_class(organisation, rules=[TRAINER_RULE])
        trainer = make_member(organisation)
        pending = Assertion.objects.create(
            badge_class=badge_class,
            issuer=awards_module.issuer_ensure(organisation=organisation),
            recipient=learner,
            recipient_email=learner.email,
            salt="abc",
            award_key="manual:1",
            narrative="Bravo",
            awarded_by=trainer,
        )
        assert tasks.award_manual.delay(pending.pk).get() == str(pending.uuid)
        assert tasks.award_manual.delay(pending.pk).get() == str(pending.uuid)
        pending.refresh_from_db()
        assert pending.status == AssertionStatus.ISSUED
        assert pending.attempts == 1


class TestBackfillCommand:
    def test_awards_what_was_earned_before_the_badge_existed(self, organisation, course, learner, capsys):
        complete(learner, course)
        make_badge_class(organisation, rules=[course_rule(course)])
        call_command("badges_evaluate_all")
        assert Assertion.objects.get().status == AssertionStatus.ISSUED
        assert "1 learner(s) evaluated, 1 badge(s) issued, 0 failure(s)." in capsys.readouterr().out
        call_command("badges_evaluate_all")
        assert Assertion.objects.count() == 1

    def test_retries_failed_assertions(self, organisation, course, learner, monkeypatch):
        make_badge_class(organisation, rules=[course_rule(course)])
        complete(learner, course)
        original = awards_module.credential_document
        monkeypatch.setattr(awards_module, "credential_document", lambda *a, **k: {**original(*a, **k), "x": 1})
        awards_record(user_id=learner.pk)
        with pytest.raises(SystemExit):
            call_command("badges_evaluate_all")
        assert Assertion.objects.get().status == AssertionStatus.FAILED
        monkeypatch.setattr(awards_module, "credential_document", original)
        call_command("badges_evaluate_all")
        assert Assertion.objects.get().status == AssertionStatus.ISSUED
