import re

import pytest
from django.urls import reverse

from lms.frameworks.services import frameworks_import_bundled

from .factories import CompetencyFactory

pytestmark = pytest.mark.django_db

PROVISIONAL = '<span class="badge-status status-provisional">Formulation provisoire, à vérifier</span>'
SECONDARY = '<span class="badge-status status-secondary">Source secondaire</span>'
PROPOSED = '<span class="badge-status status-provisional">correspondance proposée</span>'


@pytest.fixture
def imported():
    frameworks_import_bundled()


@pytest.fixture(params=["one", "three"])
def some_frameworks(request):
    """Return the code of one framework, alone or among the three bundled ones."""
    if request.param == "three":
        frameworks_import_bundled()
        return "REMN-2019"
    competency = CompetencyFactory(status="unverified")
    CompetencyFactory(block=competency.block)
    return competency.framework.code


def headings(html: str) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])[ >]", html)]


class TestFrameworkIndex:
    @pytest.mark.usefixtures("imported")
    def test_lists_frameworks_with_rncp_link_and_validity(self, client):
        html = client.get(reverse("frameworks:index")).content.decode()
        for code in ("REMN-2019", "MN-2025", "PIX"):
            assert f'<a href="/referentiels/{code}/">{code}</a>' in html
        assert '<a href="https://www.francecompetences.fr/recherche/rncp/34137/" rel="noopener">RNCP34137' in html
        assert '<a href="https://www.francecompetences.fr/recherche/rncp/40695/" rel="noopener">RNCP40695' in html
        assert "Remplacé le 13 juillet 2025 par MN-2025" in html
        assert "En vigueur depuis le 13 juillet 2025" in html
        assert "Ministère du Travail (titre professionnel)" in html
        # The RNCP code of REMN-2019 comes from a secondary source.
        assert html.count(SECONDARY) == 1

    @pytest.mark.usefixtures("imported")
    def test_is_an_accessible_table(self, client):
        html = client.get(reverse("frameworks:index")).content.decode()
        assert "<caption>Référentiels disponibles</caption>" in html
        assert html.count('<th scope="col">') == 5
        assert html.count('<th scope="row">') == 3
        assert headings(html.split('id="contenu"')[1]) == [1]

    def test_without_frameworks(self, client):
        assert "Aucun référentiel n’est encore publié." in client.get(reverse("frameworks:index")).content.decode()

    def test_query_count_does_not_grow_with_frameworks(self, client, some_frameworks, django_assert_num_queries):
        # Frameworks, blocks, competencies, predecessors.
        with django_assert_num_queries(4):
            response = client.get(reverse("frameworks:index"))
        assert some_frameworks in response.content.decode()


@pytest.mark.usefixtures("imported")
class TestFrameworkDetail:
    def test_remn_labels_provisional_competencies(self, client):
        html = client.get(reverse("frameworks:detail", args=["REMN-2019"])).content.decode()
        assert "<h1>Responsable d&#x27;espace de médiation numérique" in html
        # CP5 to CP11 are placeholders; CP1 to CP4 are verified.
        assert html.count(PROVISIONAL) == 7
        assert re.search(r"<strong>CP5</strong> — Réaliser un diagnostic[^<]*" + re.escape(PROVISIONAL), html)
        assert re.search(r"<strong>CP1</strong> — Élaborer des programmes[^<]*</li>", html)
        assert SECONDARY in html  # RNCP34137 from a secondary source

    def test_remn_shows_the_proposed_crosswalk(self, client):
        html = client.get(reverse("frameworks:detail", args=["REMN-2019"])).content.decode()
        assert html.count(PROPOSED) == 6
        assert "<caption>Correspondances entre compétences</caption>" in html
        assert '<th scope="row"><strong>REMN-2019/CCP1/CP3</strong>' in html
        assert "<td><strong>MN-2025/CCP1/CP1</strong>" in html
        assert '<a href="/referentiels/MN-2025/">Médiateur numérique (MN-2025)</a>' in html

    def test_mn_2025_labels_unknown_activity_type_and_other_block(self, client):
        html = client.get(reverse("frameworks:detail", args=["MN-2025"])).content.decode()
        assert "CCP1 — intitulé de l’activité type non connu " + PROVISIONAL in html
        assert re.search(r"OTHER — Accompagner les publics[^<]*" + re.escape(PROVISIONAL), html)
        assert html.count(PROPOSED) == 6
        assert '<a href="/referentiels/REMN-2019/">' in html

    def test_pix_shows_levels_and_secondary_sources(self, client):
        html = client.get(reverse("frameworks:detail", args=["PIX"])).content.decode()
        assert "Domaines et compétences" in html
        assert [int(n) for n in re.findall(r"<li>Niveau (\d)</li>", html)] == list(range(1, 9))
        assert html.count(SECONDARY) == 5 + 16
        assert PROVISIONAL not in html
        assert PROPOSED not in html

    def test_headings_are_in_order(self, client):
        html = client.get(reverse("frameworks:detail", args=["REMN-2019"])).content.decode()
        assert headings(html.split('id="contenu"')[1]) == [1, 2, 2, 3, 3, 3, 2]

    def test_unknown_code_is_not_found(self, client):
        assert client.get(reverse("frameworks:detail", args=["REMN-2000"])).status_code == 404


class TestFrameworkDetailQueries:
    def test_query_count_does_not_grow_with_frameworks(self, client, some_frameworks, django_assert_num_queries):
        # Framework, blocks, competencies, predecessors, crosswalk.
        with django_assert_num_queries(5):
            response = client.get(reverse("frameworks:detail", args=[some_frameworks]))
        assert PROVISIONAL in response.content.decode()
