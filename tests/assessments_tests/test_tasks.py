"""The periodic sweep closes overdue attempts through the service, and is safe to run twice."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import AttemptStatus
from assessments.services import attempt_start
from assessments.tasks import close_overdue_attempts

from .factories import make_quiz_setup

pytestmark = pytest.mark.django_db


def test_close_overdue_attempts(site_tree):
    quiz = make_quiz_setup(site_tree[1], kinds=["single_choice"], time_limit_minutes=1)
    attempt = attempt_start(user=quiz.learner, assessment=quiz.assessment, now=timezone.now() - timedelta(minutes=5))
    assert close_overdue_attempts.delay().get() == 1
    assert close_overdue_attempts.delay().get() == 0
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.GRADED and attempt.late
