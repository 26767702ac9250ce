"""Who may open what: owner, jury with a live share, jury without one, ended shares, other learners, anonymous."""

import pytest

from lms.portfolio.models import AccessKind, PortfolioAccessLog
from lms.portfolio.services import evidence_upload, portfolio_export_request, portfolio_share_revoke

from .factories import expire, make_example, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(share, titles, django_capture_on_commit_callbacks):
    """A share of a portfolio holding an example, an uploaded file and a finished PDF."""
    portfolio = share.portfolio
    make_example(portfolio, block=titles["REMN"]["CCP1"], competencies=[titles["REMN"]["CP1"]])
    item = evidence_upload(portfolio=portfolio, uploaded_file=upload(), title="Fiche action")
    with django_capture_on_commit_callbacks(execute=True):
        export = portfolio_export_request(portfolio=portfolio, by=portfolio.user)
    export.refresh_from_db()
    assert export.status == "done"
    return {"share": share, "item": item, "export": export}


def jury_urls(shared) -> dict[str, str]:
    token = shared["share"].token
    return {
        AccessKind.VIEW: f"/portfolio/jury/{token}/",
        AccessKind.PDF: f"/portfolio/jury/{token}/pdf/",
        AccessKind.FILE: f"/portfolio/jury/{token}/preuves/{shared['item'].pk}/fichier/",
    }


class TestJuryAccess:
    def test_jury_member_with_a_live_share_sees_everything_and_each_access_is_logged(self, client, shared, jury_member):
        client.force_login(jury_member)

        responses = {what: client.get(url) for what, url in jury_urls(shared).items()}

        assert {what: response.status_code for what, response in responses.items()} == {
            AccessKind.VIEW: 200,
            AccessKind.PDF: 200,
            AccessKind.FILE: 200,
        }
        assert "Atelier « Découvrir les démarches en ligne »" in responses[AccessKind.VIEW].content.decode()
        assert responses[AccessKind.PDF]["Content-Type"] == "application/pdf"
        assert responses[AccessKind.PDF]["X-Content-Type-Options"] == "nosniff"
        assert responses[AccessKind.FILE]["Content-Disposition"].startswith("attachment;")
        logs = list(PortfolioAccessLog.objects.order_by("at", "pk").values_list("user_id", "what", "target"))
        assert logs == [
            (jury_member.pk, "view", ""),
            (jury_member.pk, "pdf", shared["export"].public_id),
            (jury_member.pk, "file", str(shared["item"].pk)),
        ]

    @pytest.mark.parametrize("who", ["owner", "other_jury_member", "other_learner", "staff"])
    def test_anyone_but_the_named_jury_member_gets_404(self, client, shared, who, request):
        client.force_login(request.getfixturevalue(who) if who != "owner" else shared["share"].portfolio.user)

        statuses = [client.get(url).status_code for url in jury_urls(shared).values()]

        assert statuses == [404, 404, 404]
        assert PortfolioAccessLog.objects.count() == 0

    def test_anonymous_is_sent_to_login(self, client, shared):
        responses = [client.get(url) for url in jury_urls(shared).values()]

        assert [response.status_code for response in responses] == [302, 302, 302]
        assert all(response["Location"].startswith("/compte/") for response in responses)
        assert PortfolioAccessLog.objects.count() == 0

    @pytest.mark.parametrize("end", ["expired", "revoked"])
    def test_an_ended_share_is_refused_with_a_clear_message(self, client, shared, jury_member, end):
        share = shared["share"]
        if end == "expired":
            expire(share)
        else:
            portfolio_share_revoke(share=share, by=share.portfolio.user)
        client.force_login(jury_member)

        responses = [client.get(url) for url in jury_urls(shared).values()]

        assert [response.status_code for response in responses] == [403, 403, 403]
        assert "Ce partage a expiré ou a été révoqué" in responses[0].content.decode()
        assert "Atelier" not in responses[0].content.decode()
        assert PortfolioAccessLog.objects.count() == 0

    def test_a_jury_member_who_lost_the_role_is_refused(self, client, shared, jury_member):
        from lms.accounts.roles import SiteRole
        from lms.accounts.services import user_revoke_site_role

        user_revoke_site_role(user=jury_member, role=SiteRole.JURY)
        client.force_login(jury_member)

        assert client.get(jury_urls(shared)[AccessKind.VIEW]).status_code == 403

    def test_a_guessed_token_is_404(self, client, shared, jury_member):
        client.force_login(jury_member)

        assert client.get("/portfolio/jury/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/").status_code == 404

    def test_jury_home_lists_only_live_shares(self, client, shared, jury_member, other_jury_member):
        client.force_login(jury_member)
        page = client.get("/portfolio/jury/").content.decode()
        client.force_login(other_jury_member)
        other_page = client.get("/portfolio/jury/").content.decode()

        assert shared["share"].token in page
        assert shared["share"].token not in other_page

    def test_jury_home_lists_nothing_once_the_jury_role_is_withdrawn(self, client, shared, jury_member):
        from lms.accounts.roles import SiteRole
        from lms.accounts.services import user_revoke_site_role

        learner_name = shared["share"].portfolio.user.get_full_name()
        client.force_login(jury_member)
        assert learner_name in client.get("/portfolio/jury/").content.decode()
        user_revoke_site_role(user=jury_member, role=SiteRole.JURY)
        page = client.get("/portfolio/jury/").content.decode()
        assert shared["share"].token not in page and learner_name not in page


class TestOwnerPagesAccess:
    @pytest.mark.parametrize(
        ("who", "status"), [("owner", 200), ("staff", 200), ("other_learner", 404), ("jury_member", 404)]
    )
    def test_portfolio_pages(self, client, shared, who, status, request):
        portfolio = shared["share"].portfolio
        client.force_login(portfolio.user if who == "owner" else request.getfixturevalue(who))

        urls = [
            portfolio.get_absolute_url(),
            f"/portfolio/{portfolio.pk}/couverture/",
            f"/portfolio/{portfolio.pk}/partages/",
        ]

        assert [client.get(url).status_code for url in urls] == [status] * 3

    def test_anonymous_is_sent_to_login(self, client, shared):
        response = client.get(shared["share"].portfolio.get_absolute_url())

        assert response.status_code == 302


class TestJuryFeedbackViews:
    def test_opinion_and_comment_through_the_page(self, client, shared, jury_member, titles):
        client.force_login(jury_member)
        token = shared["share"].token
        competency = titles["REMN"]["CP1"]

        response = client.post(
            f"/portfolio/jury/{token}/competences/{competency.pk}/",
            {"value": "to_deepen", "comment": "Détailler le bilan."},
        )

        assert response.status_code == 302
        share = shared["share"]
        assert share.opinions.get().value == "to_deepen"
        assert share.comments.get().body == "Détailler le bilan."

    def test_learner_sees_feedback_only_after_release(self, client, shared, jury_member, titles):
        token = shared["share"].token
        competency = titles["REMN"]["CP1"]
        client.force_login(jury_member)
        client.post(
            f"/portfolio/jury/{token}/competences/{competency.pk}/",
            {"value": "not_demonstrated", "comment": "Manque une preuve terrain."},
        )
        client.post(f"/portfolio/jury/{token}/appreciation/", {"notes": "Appréciation confidentielle."})
        owner = shared["share"].portfolio.user
        url = f"/portfolio/{shared['share'].portfolio_id}/avis-du-jury/"

        client.force_login(owner)
        before = client.get(url).content.decode()
        client.force_login(jury_member)
        client.post(f"/portfolio/jury/{token}/communiquer/")
        client.force_login(owner)
        after = client.get(url).content.decode()

        assert "Appréciation confidentielle." not in before and "Manque une preuve terrain." not in before
        assert "Aucun avis communiqué" in before
        assert "Appréciation confidentielle." in after and "Manque une preuve terrain." in after
        assert "non démontré" in after

    def test_feedback_is_refused_after_revocation(self, client, shared, jury_member, titles):
        share = shared["share"]
        portfolio_share_revoke(share=share, by=share.portfolio.user)
        client.force_login(jury_member)

        response = client.post(
            f"/portfolio/jury/{share.token}/competences/{titles['REMN']['CP1'].pk}/", {"value": "acquired"}
        )

        assert response.status_code == 403
        assert share.opinions.count() == 0
