"""Item analysis math on small hand-computed examples, and the statistics selector on real attempts."""

import math

import pytest

from assessments.selectors import assessment_statistics
from assessments.services import answer_save, attempt_start, attempt_submit
from assessments.statistics import discrimination_index, group_size, histogram, p_value, point_biserial
from tests.accounts_tests.factories import UserFactory

from .factories import make_quiz_setup


class TestMath:
    def test_p_value_is_the_mean_share_of_points(self):
        assert p_value([1, 1, 0, 0]) == 0.5
        assert p_value([1, 0.5, 0]) == 0.5
        assert p_value([]) is None

    def test_point_biserial_by_hand(self):
        # Items [1, 1, 0, 0], rest scores [.8, .6, .5, .2]: cov = .35, sx = 1, sy = √.1875 → r = .35 / .4330 = .8083
        assert math.isclose(point_biserial([1, 1, 0, 0], [0.8, 0.6, 0.5, 0.2]), 0.35 / math.sqrt(0.1875))
        assert round(point_biserial([1, 1, 0, 0], [0.8, 0.6, 0.5, 0.2]), 4) == 0.8083

    def test_point_biserial_is_undefined_without_variance(self):
        assert point_biserial([1, 1, 1], [0.2, 0.5, 0.9]) is None
        assert point_biserial([1], [0.5]) is None

    def test_negative_when_weak_attempts_do_better(self):
        assert point_biserial([0, 0, 1, 1], [0.9, 0.8, 0.3, 0.1]) < 0

    def test_upper_lower_groups_are_27_percent_rounded_half_up(self):
        assert [group_size(n) for n in (2, 4, 10, 11, 100)] == [1, 1, 3, 3, 27]

    def test_discrimination_index_by_hand(self):
        # 10 attempts → groups of 3. Top 3 totals get the item [1, 1, 0], bottom 3 get [0, 1, 0]: D = 2/3 − 1/3.
        totals = [0.95, 0.9, 0.85, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1]
        items = [1, 1, 0, 1, 0, 1, 0, 0, 1, 0]
        assert math.isclose(discrimination_index(items, totals), 2 / 3 - 1 / 3)
        assert discrimination_index([1], [0.5]) is None

    def test_histogram_bins_with_100_in_the_last(self):
        bins = histogram([0, 9.99, 10, 55, 99.9, 100])
        assert [b["count"] for b in bins] == [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]
        assert (bins[0]["low"], bins[0]["high"], bins[-1]["last"]) == (0, 10, True)


@pytest.mark.django_db
class TestAssessmentStatisticsSelector:
    def test_three_learners(self, site_tree):
        quiz = make_quiz_setup(site_tree[1], kinds=["single_choice", "true_false"])
        sc, tf = quiz.questions["single_choice"], quiz.questions["true_false"]
        for answers in ({sc: "sa", tf: False}, {sc: "sa", tf: True}, {sc: "sb", tf: True}):
            learner = UserFactory()
            attempt = attempt_start(user=learner, assessment=quiz.assessment)
            for question, raw in answers.items():
                answer_save(attempt_id=attempt.pk, user=learner, question_id=question.pk, raw=raw)
            attempt_submit(attempt_id=attempt.pk, user=learner)

        stats = assessment_statistics(assessment=quiz.assessment)
        assert stats["attempt_count"] == 3 and stats["mean_percent"] == 50
        by_question = {item["question"].pk: item for item in stats["items"]}
        assert math.isclose(by_question[sc.pk]["p_value"], 2 / 3)
        assert math.isclose(by_question[tf.pk]["p_value"], 1 / 3)
        # Single choice [1, 1, 0] against the rest (true/false) [1, 0, 0]: r = (1/3) / (6/9) = 0.5.
        assert math.isclose(by_question[sc.pk]["point_biserial"], 0.5)
        assert by_question[sc.pk]["discrimination"] == 1 and by_question[tf.pk]["discrimination"] == 1
        assert [b["count"] for b in stats["bins"]] == [1, 0, 0, 0, 0, 1, 0, 0, 0, 1]
        assert stats["items"][0]["question"].pk == tf.pk  # hardest first
        heights = [bar["height"] for bar in stats["svg"]["bars"]]
        assert heights.count(0) == 7 and len(set(h for h in heights if h)) == 1
