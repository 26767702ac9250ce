import pytest

from lms.portfolio.models import EvidenceCompetency, EvidenceItem, EvidenceSource
from lms.portfolio.selectors import portfolio_overview

from .factories import make_example

pytestmark = pytest.mark.django_db


def add_evidence(portfolio, competency, *, via_mapping=False, number=1):
    item = EvidenceItem.objects.create(
        portfolio=portfolio,
        source_type=EvidenceSource.LIVE_SESSION,
        source_id=f"{competency.pk}-{number}",
        snapshot={"title": f"Preuve {number}"},
    )
    EvidenceCompetency.objects.create(
        evidence=item, competency=competency, via_mapping=via_mapping, mapping_status="proposed" if via_mapping else ""
    )
    return item


class TestCoverage:
    def test_a_competency_is_covered_with_one_evidence_and_one_example(self, portfolio, titles):
        remn = titles["REMN"]
        add_evidence(portfolio, remn["CP1"])
        add_evidence(portfolio, remn["CP3"])
        make_example(portfolio, block=remn["CCP1"], competencies=[remn["CP1"]])

        overview = portfolio_overview(portfolio=portfolio)

        ccp1, ccp2 = overview.blocks
        rows = {row.competency.code: row for row in ccp1.competencies}
        assert rows["CP1"].covered
        assert rows["CP3"].has_evidence and not rows["CP3"].has_example and not rows["CP3"].covered
        assert (ccp1.covered_count, ccp1.total, ccp1.readiness_percent, ccp1.ready) == (1, 2, 50, False)
        assert [row.competency.code for row in ccp1.missing_examples] == ["CP3"]
        assert (ccp2.readiness_percent, ccp2.ready) == (0, False)
        assert [row.competency.code for row in ccp2.missing_evidence] == ["CP5"]
        assert overview.has_provisional
        assert (overview.covered_count, overview.total) == (1, 3)

    def test_a_block_is_ready_when_every_competency_is_covered(self, portfolio, titles):
        remn = titles["REMN"]
        add_evidence(portfolio, remn["CP1"])
        add_evidence(portfolio, remn["CP3"], via_mapping=True)
        make_example(portfolio, block=remn["CCP1"], competencies=[remn["CP1"], remn["CP3"]])

        ccp1 = portfolio_overview(portfolio=portfolio).blocks[0]

        assert ccp1.ready and ccp1.readiness_percent == 100
        assert [row.only_via_mapping for row in ccp1.competencies] == [False, True]

    def test_evidence_supporting_no_competency_is_listed_apart(self, portfolio):
        item = EvidenceItem.objects.create(
            portfolio=portfolio, source_type=EvidenceSource.BADGE, source_id="1", snapshot={"title": "Badge"}
        )

        overview = portfolio_overview(portfolio=portfolio)

        assert overview.unlinked_evidence == [item]
        assert overview.certificates == [item]

    def test_examples_are_grouped_by_activity_type(self, portfolio, titles):
        remn = titles["REMN"]
        first = make_example(portfolio, block=remn["CCP2"], title="Diagnostic")
        second = make_example(portfolio, block=remn["CCP1"], title="Atelier")

        ccp1, ccp2 = portfolio_overview(portfolio=portfolio).blocks

        assert ccp1.examples == [second] and ccp2.examples == [first]
