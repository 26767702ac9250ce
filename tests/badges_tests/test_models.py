import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from lms.badges.models import Assertion, BadgeRule, RuleKind, Validity
from lms.badges.models.classes import CRITERIA_REQUIRED, RULE_FIELDS
from lms.badges.services import issuer_ensure

from .factories import TRAINER_RULE, make_badge_class

pytestmark = pytest.mark.django_db


def assertion(badge_class, learner, key, once_only=True):
    return Assertion.objects.create(
        badge_class=badge_class,
        issuer=issuer_ensure(organisation=badge_class.organisation),
        recipient=learner,
        recipient_email=learner.email,
        salt="s",
        award_key=key,
        once_only=once_only,
    )


class TestBadgeClass:
    def test_criteria_required(self, organisation):
        with pytest.raises(ValidationError) as excinfo:
            make_badge_class(organisation, criteria_narrative="  ", criteria_url="")
        assert excinfo.value.message_dict == {"criteria_narrative": [str(CRITERIA_REQUIRED)]}


class TestBadgeRule:
    def test_fields_must_match_the_kind_in_the_database(self, organisation, course):
        badge_class = make_badge_class(organisation)
        with pytest.raises(IntegrityError), transaction.atomic():
            BadgeRule.objects.create(badge_class=badge_class, kind=RuleKind.SESSIONS_ATTENDED, course=course)
        with pytest.raises(IntegrityError), transaction.atomic():
            BadgeRule.objects.create(badge_class=badge_class, kind=RuleKind.COURSE_COMPLETED)
        assert not BadgeRule.objects.exists()

    def test_clean_names_the_missing_field_and_drops_the_others(self, organisation, course):
        badge_class = make_badge_class(organisation)
        rule = BadgeRule(badge_class=badge_class, kind=RuleKind.COMPETENCY_DEMONSTRATED, course=course)
        with pytest.raises(ValidationError) as excinfo:
            rule.clean()
        assert excinfo.value.messages == [str(RULE_FIELDS[RuleKind.COMPETENCY_DEMONSTRATED])]
        assert rule.course is None


class TestAssertionConstraints:
    def test_once_only_class_holds_one_assertion_per_learner(self, organisation, learner):
        badge_class = make_badge_class(organisation, rules=[TRAINER_RULE])
        assertion(badge_class, learner, "auto:1")
        with pytest.raises(IntegrityError), transaction.atomic():
            assertion(badge_class, learner, "manual:abc")
        assert Assertion.objects.count() == 1

    def test_repeatable_class_holds_several_but_one_per_key(self, organisation, learner):
        badge_class = make_badge_class(organisation, rules=[TRAINER_RULE], repeatable=True)
        assertion(badge_class, learner, "auto:1", once_only=False)
        assertion(badge_class, learner, "auto:2", once_only=False)
        with pytest.raises(IntegrityError), transaction.atomic():
            assertion(badge_class, learner, "auto:2", once_only=False)
        assert Assertion.objects.count() == 2

    def test_issued_needs_a_date(self, organisation, learner):
        badge_class = make_badge_class(organisation, rules=[TRAINER_RULE])
        row = assertion(badge_class, learner, "auto:1")
        row.status = "issued"
        with pytest.raises(IntegrityError), transaction.atomic():
            row.save()

    def test_validity(self, organisation, learner):
        badge_class = make_badge_class(organisation, rules=[TRAINER_RULE])
        row = assertion(badge_class, learner, "auto:1")
        now = timezone.now()
        assert row.validity(now) == Validity.VALID
        row.expires_on = now
        assert row.validity(now) == Validity.EXPIRED
        row.revoked_at = now
        assert row.validity(now) == Validity.REVOKED
