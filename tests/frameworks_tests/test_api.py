import pytest

from lms.frameworks.models import Framework
from lms.frameworks.services import frameworks_import_bundled

from .factories import CompetencyFactory

pytestmark = pytest.mark.django_db

URL = "/api/v2/frameworks/"


@pytest.fixture
def imported():
    frameworks_import_bundled()


@pytest.mark.usefixtures("imported")
class TestFrameworksListing:
    def test_lists_the_three_frameworks_with_nested_blocks(self, client):
        data = client.get(URL).json()
        assert data["meta"]["total_count"] == 3
        items = {item["code"]: item for item in data["items"]}
        assert list(items) == ["REMN-2019", "MN-2025", "PIX"]
        remn = items["REMN-2019"]
        assert [block["code"] for block in remn["blocks"]] == ["CCP1", "CCP2", "CCP3"]
        assert sum(len(block["competencies"]) for block in remn["blocks"]) == 11
        assert remn["blocks"][1]["competencies"][0] == {
            "code": "CP5",
            "reference": "REMN-2019/CCP2/CP5",
            "title": "Réaliser un diagnostic de territoire des besoins numériques (formulation à vérifier)",
            "status": "unverified",
        }

    def test_rncp_and_status_fields(self, client):
        items = {item["code"]: item for item in client.get(URL).json()["items"]}
        remn, mn, pix = items["REMN-2019"], items["MN-2025"], items["PIX"]
        assert (remn["rncp_code"], remn["rncp_status"], remn["rncp_url"]) == (
            "RNCP34137",
            "secondary",
            "https://www.francecompetences.fr/recherche/rncp/34137/",
        )
        assert (remn["valid_from"], remn["superseded_on"], remn["superseded_by"]) == (
            "2019-07-13",
            "2025-07-13",
            "MN-2025",
        )
        assert mn["supersedes"] == ["REMN-2019"]
        assert [block["status"] for block in mn["blocks"]] == ["unverified", "unverified"]
        assert (pix["kind"], pix["level_min"], pix["level_max"]) == ("digital_skills", 1, 8)
        assert remn["meta"]["type"] == "frameworks.Framework"

    def test_filter_by_code(self, client):
        data = client.get(URL, {"code": "PIX", "fields": "code,title"}).json()
        assert [(item["code"], item["title"]) for item in data["items"]] == [("PIX", "Pix")]

    def test_unknown_parameter_is_refused(self, client):
        assert client.get(URL, {"colour": "red"}).status_code == 400

    def test_detail(self, client, django_assert_num_queries):
        pk = Framework.objects.get(code="MN-2025").pk
        # Framework, blocks, competencies, predecessors.
        with django_assert_num_queries(4):
            data = client.get(f"{URL}{pk}/").json()
        assert [block["code"] for block in data["blocks"]] == ["CCP1", "OTHER"]
        assert data["blocks"][1]["competencies"] == []


@pytest.fixture(params=["one", "three"])
def some_frameworks(request):
    if request.param == "three":
        frameworks_import_bundled()
        return 3
    CompetencyFactory()
    return 1


class TestFrameworksListingQueries:
    def test_query_count_does_not_grow_with_frameworks(self, client, some_frameworks, django_assert_num_queries):
        # Count, frameworks, blocks, competencies, predecessors.
        with django_assert_num_queries(5):
            data = client.get(URL).json()
        assert len(data["items"]) == some_frameworks
