"""Two requests at once (double click, two tabs): exactly one submission, exactly one open attempt.

Row locks only exist on PostgreSQL, so these tests run there (CI) and are skipped on SQLite.
"""

import threading

import pytest
from django.db import connection

from assessments.models import Answer, Attempt, AttemptCompetencyScore, AttemptStatus
from assessments.services import answer_save, attempt_start, attempt_submit
from lms.records.models import Statement

from .factories import RIGHT_ANSWERS, make_quiz_setup

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (set DATABASE_URL)"),
]


def run_together(target, count: int = 2) -> list:
    """Run ``target`` in ``count`` threads released at the same instant; return results or exceptions."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def worker(index: int) -> None:
        try:
            barrier.wait()
            results[index] = target()
        except Exception as error:  # noqa: BLE001 - reported to the test, which asserts on it
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestConcurrentSubmission:
    def test_two_simultaneous_submissions_grade_the_attempt_once(self, site_tree):
        quiz = make_quiz_setup(site_tree[1])
        attempt = attempt_start(user=quiz.learner, assessment=quiz.assessment)
        for kind, question in quiz.questions.items():
            answer_save(attempt_id=attempt.pk, user=quiz.learner, question_id=question.pk, raw=RIGHT_ANSWERS[kind])

        results = run_together(lambda: attempt_submit(attempt_id=attempt.pk, user=quiz.learner), count=4)

        assert not [r for r in results if isinstance(r, Exception)], results
        assert sorted(submitted for _attempt, submitted in results) == [False, False, False, True]
        attempt.refresh_from_db()
        assert attempt.status == AttemptStatus.GRADED and attempt.passed is True
        assert Answer.objects.filter(attempt=attempt).count() == 7
        assert AttemptCompetencyScore.objects.filter(attempt=attempt).count() == 2
        assert Statement.objects.filter(user=quiz.learner, verb="scored").count() == 1
        assert Statement.objects.filter(user=quiz.learner, verb="passed").count() == 1

    def test_two_tabs_starting_at_once_share_one_attempt(self, site_tree):
        quiz = make_quiz_setup(site_tree[1], kinds=["single_choice"])
        results = run_together(lambda: attempt_start(user=quiz.learner, assessment=quiz.assessment), count=3)
        assert not [r for r in results if isinstance(r, Exception)], results
        assert len({attempt.pk for attempt in results}) == 1
        assert Attempt.objects.filter(user=quiz.learner).count() == 1
