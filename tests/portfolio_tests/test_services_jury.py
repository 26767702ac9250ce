import pytest

from lms.portfolio.errors import PortfolioError
from lms.portfolio.models import JuryComment, JuryOpinion, JuryOpinionAudit
from lms.portfolio.selectors import jury_feedback_for_learner
from lms.portfolio.services import (
    jury_comment_add,
    jury_feedback_release,
    jury_notes_update,
    jury_opinion_set,
    portfolio_share_revoke,
)

from .factories import expire, make_example

pytestmark = pytest.mark.django_db


class TestOpinions:
    def test_every_change_is_audited(self, share, jury_member, titles):
        competency = titles["REMN"]["CP1"]

        jury_opinion_set(share=share, competency=competency, value="to_deepen", by=jury_member)
        jury_opinion_set(share=share, competency=competency, value="acquired", by=jury_member)
        jury_opinion_set(share=share, competency=competency, value="acquired", by=jury_member)

        assert JuryOpinion.objects.get().value == "acquired"
        assert list(JuryOpinionAudit.objects.values_list("old_value", "new_value", "changed_by")) == [
            ("", "to_deepen", jury_member.pk),
            ("to_deepen", "acquired", jury_member.pk),
        ]

    def test_unknown_opinion_is_refused(self, share, jury_member, titles):
        with pytest.raises(PortfolioError) as refused:
            jury_opinion_set(share=share, competency=titles["REMN"]["CP1"], value="excellent", by=jury_member)

        assert str(refused.value.message) == "Choisissez un avis : acquis, à approfondir ou non démontré."
        assert JuryOpinion.objects.count() == JuryOpinionAudit.objects.count() == 0

    def test_competency_of_another_title_is_refused(self, share, jury_member, titles):
        with pytest.raises(PortfolioError):
            jury_opinion_set(share=share, competency=titles["MN"]["CP1"], value="acquired", by=jury_member)

        assert JuryOpinion.objects.count() == 0

    @pytest.mark.parametrize("end", ["revoked", "expired"])
    def test_nothing_is_recorded_once_the_share_has_ended(self, share, jury_member, titles, end):
        if end == "revoked":
            portfolio_share_revoke(share=share, by=share.portfolio.user)
        else:
            expire(share)

        with pytest.raises(PortfolioError) as refused:
            jury_opinion_set(share=share, competency=titles["REMN"]["CP1"], value="acquired", by=jury_member)

        assert refused.value.status_code == 403
        assert (
            str(refused.value.message) == "Ce partage a expiré ou a été révoqué : le portfolio n'est plus accessible."
        )
        assert JuryOpinion.objects.count() == 0


class TestComments:
    def test_comment_on_a_competency_and_on_an_example(self, share, jury_member, titles):
        example = make_example(share.portfolio, block=titles["REMN"]["CCP1"])

        jury_comment_add(share=share, competency=titles["REMN"]["CP1"], body=" Bien argumenté. ", by=jury_member)
        jury_comment_add(share=share, example=example, body="Préciser le public.", by=jury_member)

        assert list(JuryComment.objects.values_list("body", "competency_id", "example_id")) == [
            ("Bien argumenté.", titles["REMN"]["CP1"].pk, None),
            ("Préciser le public.", None, example.pk),
        ]

    def test_empty_comment_is_refused(self, share, jury_member, titles):
        with pytest.raises(PortfolioError) as refused:
            jury_comment_add(share=share, competency=titles["REMN"]["CP1"], body="   ", by=jury_member)

        assert str(refused.value.message) == "Écrivez un commentaire."
        assert JuryComment.objects.count() == 0

    def test_example_of_another_portfolio_is_refused(self, share, jury_member, titles, other_learner):
        from lms.portfolio.services import portfolio_create

        other = portfolio_create(user=other_learner, framework=titles["REMN"]["framework"])
        example = make_example(other, block=titles["REMN"]["CCP1"])

        with pytest.raises(PortfolioError):
            jury_comment_add(share=share, example=example, body="x", by=jury_member)

        assert JuryComment.objects.count() == 0


class TestRelease:
    def test_the_learner_sees_feedback_only_once_released(self, share, jury_member, titles):
        jury_opinion_set(share=share, competency=titles["REMN"]["CP1"], value="acquired", by=jury_member)
        jury_notes_update(share=share, notes="Dossier solide.")

        assert jury_feedback_for_learner(portfolio=share.portfolio) == []

        jury_feedback_release(share=share)

        [feedback] = jury_feedback_for_learner(portfolio=share.portfolio)
        assert feedback.share.overall_notes == "Dossier solide."
        assert feedback.opinions[titles["REMN"]["CP1"].pk].value == "acquired"

    def test_releasing_twice_is_refused(self, share):
        jury_feedback_release(share=share)

        with pytest.raises(PortfolioError) as refused:
            jury_feedback_release(share=share)

        assert str(refused.value.message) == "Les avis sont déjà communiqués à la personne candidate."
