import pytest

from lms.frameworks import selectors
from lms.frameworks.services import frameworks_import_bundled

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported():
    frameworks_import_bundled()


@pytest.mark.usefixtures("imported")
class TestFrameworkList:
    def test_lists_frameworks_in_file_order(self):
        assert [framework.code for framework in selectors.framework_list()] == ["REMN-2019", "MN-2025", "PIX"]

    def test_blocks_competencies_and_successors_cost_four_queries(self, django_assert_num_queries):
        with django_assert_num_queries(4):
            frameworks = list(selectors.framework_list())
            tree = {
                framework.code: {
                    block.code: [competency.code for competency in block.competencies.all()]
                    for block in framework.blocks.all()
                }
                for framework in frameworks
            }
            successors = {f.code: f.superseded_by.code for f in frameworks if f.superseded_by}
            predecessors = {f.code: [p.code for p in f.supersedes.all()] for f in frameworks}
        assert successors == {"REMN-2019": "MN-2025"}
        assert predecessors == {"REMN-2019": [], "MN-2025": ["REMN-2019"], "PIX": []}
        assert list(tree["REMN-2019"]) == ["CCP1", "CCP2", "CCP3"]
        assert sum(len(codes) for codes in tree["REMN-2019"].values()) == 11
        assert tree["MN-2025"]["OTHER"] == []
        assert tree["PIX"]["5"] == ["5.1", "5.2"]


@pytest.mark.usefixtures("imported")
class TestFrameworkGet:
    def test_returns_the_framework_with_its_tree(self, django_assert_num_queries):
        with django_assert_num_queries(4):
            pix = selectors.framework_get("PIX")
            assert [block.competencies.all().count() for block in pix.blocks.all()] == [3, 4, 4, 3, 2]

    def test_unknown_code(self):
        assert selectors.framework_get("REMN-2000") is None


@pytest.mark.usefixtures("imported")
class TestCompetencyReferences:
    def test_one_reference(self):
        competency = selectors.competency_by_reference("REMN-2019/CCP1/CP3")
        assert competency.title.startswith("Accueillir différents publics")

    @pytest.mark.parametrize("reference", ["REMN-2019/CCP2/CP3", "REMN-2019/CP3", "MN-2025/CCP1/CP9", "", "a/b/c/d"])
    def test_wrong_or_malformed_reference(self, reference):
        assert selectors.competency_by_reference(reference) is None

    def test_many_references_in_one_query(self, django_assert_num_queries):
        references = ["MN-2025/CCP1/CP1", "REMN-2019/CCP1/CP3", "PIX/4/4.2", "PIX/1/4.2", "nope"]
        with django_assert_num_queries(1):
            found = selectors.competencies_by_references(references)
            assert {ref: competency.reference for ref, competency in found.items()} == {
                "MN-2025/CCP1/CP1": "MN-2025/CCP1/CP1",
                "REMN-2019/CCP1/CP3": "REMN-2019/CCP1/CP3",
                "PIX/4/4.2": "PIX/4/4.2",
            }

    def test_no_reference_no_query(self, django_assert_num_queries):
        with django_assert_num_queries(0):
            assert selectors.competencies_by_references([]) == {}


@pytest.mark.usefixtures("imported")
class TestMappingsFor:
    def test_both_ends_of_the_crosswalk_in_one_query(self, django_assert_num_queries):
        remn, mn, pix = (selectors.framework_get(code) for code in ("REMN-2019", "MN-2025", "PIX"))
        with django_assert_num_queries(1):
            pairs = [(m.source.reference, m.target.reference) for m in selectors.mappings_for(remn)]
        assert pairs[0] == ("REMN-2019/CCP1/CP1", "MN-2025/CCP1/CP3")
        assert len(pairs) == 6
        assert selectors.mappings_for(mn).count() == 6
        assert not selectors.mappings_for(pix).exists()
