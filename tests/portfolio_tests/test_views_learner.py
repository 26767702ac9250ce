import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms.portfolio.models import EvidenceCompetency, EvidenceItem, EvidenceSource, Portfolio, PracticeExample
from lms.portfolio.services import portfolio_export_request

from .factories import EXAMPLE_FIELDS, complete_course, make_course_for, make_example

pytestmark = pytest.mark.django_db

#: Queries of the portfolio page and of the coverage matrix, whatever the number of evidence items:
#: session, user, portfolio, blocks, competencies, examples (+ their competencies and evidence),
#: evidence (+ competency links), then shares and the latest export (page only). (Wagtail's user bar costs
#: learners nothing since it is decided at login: lms/accounts/receivers.py.)
DETAIL_QUERIES = 12
COVERAGE_QUERIES = 10


def fill(portfolio, titles, evidence_count: int) -> None:
    remn = titles["REMN"]
    for number in range(evidence_count):
        item = EvidenceItem.objects.create(
            portfolio=portfolio,
            source_type=EvidenceSource.LIVE_SESSION,
            source_id=str(number),
            snapshot={
                "title": f"Session {number}",
                "date": "2025-03-12",
                "competencies": [{"block": "CCP1", "code": "CP1"}],
            },
        )
        EvidenceCompetency.objects.create(evidence=item, competency=remn["CP1" if number % 2 else "CP3"])
    items = list(EvidenceItem.objects.filter(portfolio=portfolio)[:3])
    make_example(portfolio, block=remn["CCP1"], competencies=[remn["CP1"], remn["CP3"]], evidence=items)
    make_example(portfolio, block=remn["CCP2"], competencies=[remn["CP5"]], title="Diagnostic")
    portfolio_export_request(portfolio=portfolio, by=portfolio.user)


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


class TestQueryCounts:
    @pytest.mark.parametrize("evidence_count", [5, 40])
    def test_portfolio_page(self, client, signed_portfolio, titles, evidence_count):
        fill(signed_portfolio, titles, evidence_count)
        client.force_login(signed_portfolio.user)

        assert count_queries(client, signed_portfolio.get_absolute_url()) == DETAIL_QUERIES

    @pytest.mark.parametrize("evidence_count", [5, 40])
    def test_coverage_matrix(self, client, signed_portfolio, titles, evidence_count):
        fill(signed_portfolio, titles, evidence_count)
        client.force_login(signed_portfolio.user)

        assert count_queries(client, f"/portfolio/{signed_portfolio.pk}/couverture/") == COVERAGE_QUERIES


class TestPortfolioList:
    def test_create_a_portfolio(self, client, learner, titles):
        client.force_login(learner)

        response = client.post("/portfolio/", {"framework": titles["MN"]["framework"].pk})

        portfolio = Portfolio.objects.get()
        assert response.status_code == 302 and response["Location"] == portfolio.get_absolute_url()
        assert portfolio.framework.code == "MN-2025"

    def test_a_second_portfolio_for_the_same_title_is_refused(self, client, portfolio, titles):
        client.force_login(portfolio.user)

        response = client.post("/portfolio/", {"framework": titles["REMN"]["framework"].pk})

        assert response.status_code == 400
        assert "Vous avez déjà un portfolio pour ce titre." in response.content.decode()
        assert Portfolio.objects.count() == 1


class TestCollectView:
    def test_update_my_evidence(self, client, portfolio, titles, site):
        complete_course(portfolio.user, make_course_for(site, competencies=[titles["REMN"]["CP1"]]))
        client.force_login(portfolio.user)

        response = client.post(f"/portfolio/{portfolio.pk}/preuves/mettre-a-jour/", follow=True)

        assert "1 nouvelle preuve ajoutée." in response.content.decode()
        assert EvidenceItem.objects.filter(portfolio=portfolio).count() == 1

    def test_get_is_not_allowed(self, client, portfolio):
        client.force_login(portfolio.user)

        assert client.get(f"/portfolio/{portfolio.pk}/preuves/mettre-a-jour/").status_code == 405


class TestHonourStatementView:
    def test_unticked_box_is_refused(self, client, portfolio):
        client.force_login(portfolio.user)

        response = client.post(f"/portfolio/{portfolio.pk}/declaration/", {})

        assert response.status_code == 400
        assert "Cochez la case pour signer la déclaration sur l&#x27;honneur." in response.content.decode()
        portfolio.refresh_from_db()
        assert portfolio.honour_statement_at is None

    def test_signing(self, client, portfolio):
        client.force_login(portfolio.user)

        response = client.post(f"/portfolio/{portfolio.pk}/declaration/", {"accept": "on"})

        assert response.status_code == 302
        portfolio.refresh_from_db()
        assert portfolio.has_honour_statement


class TestExampleViews:
    def test_form_shows_the_three_page_indicator(self, client, portfolio, titles):
        example = make_example(portfolio, block=titles["REMN"]["CCP1"])
        client.force_login(portfolio.user)

        page = client.get(f"/portfolio/{portfolio.pk}/exemples/{example.pk}/").content.decode()

        assert (
            f'<meter id="portfolio-length-meter" min="0" max="9000" high="9000" value="{example.text_length}">' in page
        )
        assert f"{example.text_length} caractères sur 9000" in page
        assert "portfolio/length.js" in page
        assert "<script>" not in page

    def test_refused_example_keeps_what_was_typed_and_measures_it(self, client, portfolio, titles):
        client.force_login(portfolio.user)
        data = {
            **EXAMPLE_FIELDS,
            "block": titles["REMN"]["CCP1"].pk,
            "tasks": "<script>x</script>",
            "means": "Six postes",
        }

        response = client.post(f"/portfolio/{portfolio.pk}/exemples/ajouter/", data)

        page = response.content.decode()
        assert response.status_code == 400
        assert "Renseignez « tâches ou opérations effectuées et conditions de réalisation »." in page
        assert "Six postes</textarea>" in page
        assert PracticeExample.objects.count() == 0

    def test_create_through_the_form(self, client, portfolio, titles):
        client.force_login(portfolio.user)
        data = {**EXAMPLE_FIELDS, "block": titles["REMN"]["CCP1"].pk, "competencies": [titles["REMN"]["CP1"].pk]}

        response = client.post(f"/portfolio/{portfolio.pk}/exemples/ajouter/", data)

        assert response.status_code == 302
        assert PracticeExample.objects.get().competencies.get() == titles["REMN"]["CP1"]


class TestShareView:
    def test_sharing_without_honour_statement_is_refused_with_the_message(self, client, portfolio, jury_member):
        client.force_login(portfolio.user)

        response = client.post(
            f"/portfolio/{portfolio.pk}/partages/", {"jury_email": jury_member.email, "expires_on": "2099-01-01"}
        )

        assert response.status_code == 400
        assert "Signez d&#x27;abord la déclaration sur l&#x27;honneur" in response.content.decode()
        assert not portfolio.shares.exists()

    def test_access_log_is_shown_to_the_learner(self, client, share, jury_member):
        client.force_login(jury_member)
        client.get(f"/portfolio/jury/{share.token}/")
        client.force_login(share.portfolio.user)

        page = client.get(f"/portfolio/{share.portfolio_id}/partages/").content.decode()

        assert "consultation du portfolio" in page
        assert "Bernard Morel" in page

    def test_revoke(self, client, share):
        client.force_login(share.portfolio.user)

        response = client.post(f"/portfolio/{share.portfolio_id}/partages/{share.pk}/revoquer/")

        share.refresh_from_db()
        assert response.status_code == 302 and share.revoked_at is not None


class TestStaffSearch:
    def test_staff_find_a_learners_portfolio_in_constant_queries(self, client, staff, portfolio, other_learner, titles):
        from lms.portfolio.services import portfolio_create

        portfolio_create(user=other_learner, framework=titles["REMN"]["framework"])
        client.force_login(staff)

        with CaptureQueriesContext(connection) as queries:
            page = client.get("/portfolio/equipe/?q=exemple.fr").content.decode()

        assert portfolio.get_absolute_url() in page and "nadia@exemple.fr" in page
        # session, user, portfolios (with user and title); the user bar was decided at login
        assert len(queries) == 3

    def test_learners_are_refused(self, client, portfolio):
        client.force_login(portfolio.user)

        assert client.get("/portfolio/equipe/?q=camille").status_code == 403
