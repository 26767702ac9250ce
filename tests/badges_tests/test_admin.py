"""The Wagtail admin for badge classes: authors manage their organisation's classes only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from lms.accounts.roles import OrganisationRole
from lms.badges.images import NOT_AN_IMAGE
from lms.badges.models import BadgeClass, Issuer, RuleKind
from tests.accounts_tests.factories import OrganisationFactory

from .factories import make_badge_class, make_member

pytestmark = pytest.mark.django_db
INDEX = "/admin/badges/classes/"


def form_data(organisation, course, image):
    return nested_form_data(
        {
            "organisation": organisation.pk,
            "name": "Parcours terminé",
            "description": "Atteste le parcours.",
            "criteria_narrative": "- Terminer les leçons",
            "criteria_url": "",
            "image": image,
            "image_alt": "Un cercle",
            "tags": "parcours",
            "expires_after_days": "",
            "is_active": "on",
            "rules": inline_formset([{"kind": RuleKind.COURSE_COMPLETED, "course": course.pk}]),
        }
    )


class TestAuthors:
    def test_index_lists_own_organisation_only(self, client, site_tree, organisation):
        other = OrganisationFactory()
        make_badge_class(organisation, name="Le nôtre")
        make_badge_class(other, name="Celui des autres")
        client.force_login(make_member(organisation, OrganisationRole.AUTHOR))
        html = client.get(INDEX).content.decode()
        assert "Le nôtre" in html
        assert "Celui des autres" not in html

    def test_cannot_edit_another_organisations_class(self, client, site_tree, organisation):
        theirs = make_badge_class(OrganisationFactory(), name="Celui des autres")
        client.force_login(make_member(organisation, OrganisationRole.AUTHOR))
        for action in ("edit", "delete"):
            response = client.get(f"{INDEX}{action}/{theirs.pk}/")
            # Wagtail answers a PermissionDenied with a redirect to the dashboard and a message.
            assert (response.status_code, response["Location"]) == (302, "/admin/"), action

    def test_learners_have_no_access(self, client, learner):
        client.force_login(learner)
        assert client.get(INDEX).status_code in (302, 403)

    def test_create_with_an_svg_cleans_it_and_creates_the_issuer(self, client, organisation, course):
        author = make_member(organisation, OrganisationRole.AUTHOR)
        client.force_login(author)
        svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>x</script><circle r="3"/></svg>'
        upload = SimpleUploadedFile("badge.png", svg, content_type="image/png")
        response = client.post(f"{INDEX}new/", form_data(organisation, course, upload))
        assert response.status_code == 302, response.content.decode()[:2000]
        badge_class = BadgeClass.objects.get()
        assert badge_class.image.name.endswith(".svg")
        assert badge_class.image_kind == "svg"
        stored = badge_class.image.read()
        assert b"script" not in stored and b"onload" not in stored
        assert badge_class.rules.get().course_id == course.pk
        assert Issuer.objects.filter(organisation=organisation).exists()

    def test_a_non_image_is_refused(self, client, organisation, course):
        client.force_login(make_member(organisation, OrganisationRole.AUTHOR))
        upload = SimpleUploadedFile(
            "badge.svg", b"<html><script>alert(1)</script></html>", content_type="image/svg+xml"
        )
        response = client.post(f"{INDEX}new/", form_data(organisation, course, upload))
        assert response.status_code == 200
        assert NOT_AN_IMAGE in response.content.decode().replace("&#x27;", "'")
        assert not BadgeClass.objects.exists()


class TestIssuerAdmin:
    def test_manager_edits_own_issuer_only(self, client, site_tree, organisation):
        from lms.badges.services import issuer_ensure

        issuer = issuer_ensure(organisation=organisation)
        theirs = issuer_ensure(organisation=OrganisationFactory())
        client.force_login(make_member(organisation, OrganisationRole.MANAGER))
        html = client.get("/admin/badges/emetteurs/").content.decode()
        assert "Les Ateliers du Lien" in html and theirs.name not in html
        response = client.post(
            f"/admin/badges/emetteurs/edit/{issuer.pk}/",
            {
                "name": "Ateliers du Lien",
                "url": "https://ateliers.fr",
                "email": "badges@ateliers.fr",
                "description": "OF",
            },
        )
        assert response.status_code == 302
        issuer.refresh_from_db()
        assert (issuer.name, issuer.email) == ("Ateliers du Lien", "badges@ateliers.fr")
        response = client.get(f"/admin/badges/emetteurs/edit/{theirs.pk}/")
        assert (response.status_code, response["Location"]) == (302, "/admin/")
        assert client.get("/admin/badges/emetteurs/new/").status_code == 302

    def test_author_edits_own_class(self, client, site_tree, organisation):
        mine = make_badge_class(organisation, name="Le nôtre")
        client.force_login(make_member(organisation, OrganisationRole.AUTHOR))
        assert client.get(f"{INDEX}edit/{mine.pk}/").status_code == 200
