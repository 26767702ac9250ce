import re

import pytest
from django.core import mail
from django.urls import reverse

from lms.accounts.models import User
from lms.accounts.roles import SITE_ROLE_GROUPS, SiteRole

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "Nouvelle.Apprenante@exemple.fr",
    "first_name": "Maëlle",
    "last_name": "Durand",
    "structure": "Centre social du Port",
    "departement": "29",
    "password1": "Un-mot-de-passe-solide-42",
    "password2": "Un-mot-de-passe-solide-42",
}


class TestSignup:
    def test_page_is_in_french_with_labelled_fields(self, client):
        response = client.get(reverse("accounts:signup"))
        html = response.content.decode()
        assert response.status_code == 200
        assert '<html lang="fr">' in html
        for field in ("email", "first_name", "last_name", "password1", "password2"):
            assert f'<label for="id_{field}">' in html

    def test_creates_a_learner_and_logs_in(self, client):
        response = client.post(reverse("accounts:signup"), SIGNUP)
        assert response.status_code == 302
        user = User.objects.get()
        assert user.email == "nouvelle.apprenante@exemple.fr"
        assert user.region == "53"
        assert user.groups.filter(name=SITE_ROLE_GROUPS[SiteRole.LEARNER]).exists()
        assert client.get(reverse("accounts:profile")).status_code == 200

    def test_duplicate_email_is_refused_with_a_message_and_nothing_stored(self, client):
        UserFactory(email="nouvelle.apprenante@exemple.fr")
        response = client.post(reverse("accounts:signup"), SIGNUP)
        assert response.status_code == 400
        assert "Un compte existe déjà avec cette adresse" in response.content.decode()
        assert User.objects.count() == 1

    def test_weak_password_is_refused_and_the_form_keeps_its_values(self, client):
        data = {**SIGNUP, "password1": "12345678", "password2": "12345678"}
        response = client.post(reverse("accounts:signup"), data)
        html = response.content.decode()
        assert response.status_code == 400
        assert "Ce mot de passe est trop court" in html
        assert 'value="Centre social du Port"' in html
        assert not User.objects.exists()

    def test_mismatched_passwords_are_refused(self, client):
        response = client.post(reverse("accounts:signup"), {**SIGNUP, "password2": "autre-chose-123456"})
        assert response.status_code == 400
        assert "Les deux mots de passe ne correspondent pas." in response.content.decode()
        assert not User.objects.exists()


class TestLoginLogout:
    def test_login_by_email_any_case(self, client):
        user = UserFactory(email="camille@exemple.fr")
        response = client.post(reverse("accounts:login"), {"username": "CAMILLE@exemple.fr", "password": PASSWORD})
        assert response.status_code == 302
        assert int(client.session["_auth_user_id"]) == user.pk

    def test_wrong_password_gives_a_clear_message(self, client):
        UserFactory(email="camille@exemple.fr")
        response = client.post(reverse("accounts:login"), {"username": "camille@exemple.fr", "password": "faux"})
        assert response.status_code == 200
        assert "Adresse e-mail ou mot de passe incorrect" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_login_is_throttled_after_repeated_failures(self, client):
        UserFactory(email="camille@exemple.fr")
        for _ in range(5):
            client.post(reverse("accounts:login"), {"username": "camille@exemple.fr", "password": "faux"})
        response = client.post(reverse("accounts:login"), {"username": "camille@exemple.fr", "password": PASSWORD})
        assert response.status_code == 429
        assert "Connexion temporairement bloquée" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_logout_needs_post(self, client):
        user = UserFactory()
        client.force_login(user)
        assert client.get(reverse("accounts:logout")).status_code == 405
        assert client.post(reverse("accounts:logout")).status_code == 302
        assert "_auth_user_id" not in client.session


class TestPasswordReset:
    def test_full_reset_round_trip(self, client):
        user = UserFactory(email="camille@exemple.fr")
        response = client.post(reverse("accounts:password_reset"), {"email": "camille@exemple.fr"})
        assert response.status_code == 302
        assert len(mail.outbox) == 1
        assert mail.outbox[0].subject == "Tremplin : réinitialisation de votre mot de passe"
        link = re.search(r"http://testserver(/compte/mot-de-passe/\S+/)", mail.outbox[0].body).group(1)
        form_page = client.get(link, follow=True)
        assert form_page.status_code == 200
        new = "Encore-un-mot-de-passe-99"
        response = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.check_password(new)

    def test_invited_account_with_expired_link_gets_a_new_one_and_stops_being_invited(self, client):
        user = UserFactory(email="invitee@exemple.fr", is_invited=True)
        user.set_unusable_password()
        user.save()
        response = client.post(reverse("accounts:password_reset"), {"email": "Invitee@exemple.fr"})
        assert response.status_code == 302
        assert len(mail.outbox) == 1
        link = re.search(r"http://testserver(/compte/mot-de-passe/\S+/)", mail.outbox[0].body).group(1)
        form_page = client.get(link, follow=True)
        new = "Mon-premier-mot-de-passe-7"
        response = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.check_password(new)
        assert user.is_invited is False

    def test_account_without_password_and_not_invited_gets_nothing(self, client):
        user = UserFactory(email="sso@exemple.fr")
        user.set_unusable_password()
        user.save()
        client.post(reverse("accounts:password_reset"), {"email": "sso@exemple.fr"})
        assert mail.outbox == []

    def test_inactive_invited_account_gets_nothing(self, client):
        user = UserFactory(email="parti@exemple.fr", is_invited=True, is_active=False)
        user.set_unusable_password()
        user.save()
        client.post(reverse("accounts:password_reset"), {"email": "parti@exemple.fr"})
        assert mail.outbox == []

    def test_unknown_email_sends_nothing_and_reveals_nothing(self, client):
        response = client.post(reverse("accounts:password_reset"), {"email": "inconnu@exemple.fr"})
        assert response.status_code == 302
        assert mail.outbox == []


class TestProfile:
    def test_requires_login(self, client):
        response = client.get(reverse("accounts:profile"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))

    def test_update(self, client):
        user = UserFactory()
        client.force_login(user)
        response = client.post(
            reverse("accounts:profile"),
            {
                "first_name": "Zoé",
                "last_name": "Roy",
                "structure": "Mairie",
                "departement": "13",
                "preferred_language": "fr",
            },
        )
        assert response.status_code == 302
        user.refresh_from_db()
        assert (user.first_name, user.structure, user.region) == ("Zoé", "Mairie", "93")

    def test_invalid_update_is_refused_and_changes_nothing(self, client):
        user = UserFactory(structure="Avant")
        client.force_login(user)
        response = client.post(
            reverse("accounts:profile"),
            {
                "first_name": "",
                "last_name": "Roy",
                "structure": "Après",
                "departement": "999",
                "preferred_language": "fr",
            },
        )
        assert response.status_code == 400
        user.refresh_from_db()
        assert user.structure == "Avant"

    def test_preferred_language_is_used(self, client):
        user = UserFactory(preferred_language="en")
        client.force_login(user)
        response = client.get(reverse("accounts:profile"))
        assert '<html lang="en">' in response.content.decode()


class TestLanguageSwitcher:
    def test_switching_to_english(self, client):
        response = client.post(reverse("set_language"), {"language": "en", "next": "/compte/connexion/"})
        assert response.status_code == 302
        page = client.get(reverse("accounts:login")).content.decode()
        assert '<html lang="en">' in page
        assert "Log in" in page

    def test_browser_language_is_ignored_french_first(self, client):
        page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
        assert '<html lang="fr">' in page

    def test_unknown_cookie_language_falls_back_to_french(self, client):
        client.cookies["django_language"] = "xx"
        assert '<html lang="fr">' in client.get(reverse("accounts:login")).content.decode()


class TestSpacesOfferedToEachPerson:
    """The navigation and the profile lead each person to the spaces they may open, and only those."""

    def _links(self, client, url):
        return set(re.findall(r'href="(/[^"]*)"', client.get(url).content.decode()))

    def test_visitor_sees_no_learner_space_in_the_navigation(self, client):
        links = self._links(client, "/formations/")
        assert "/formations/" in links
        assert "/mon-parcours/" not in links and "/sessions/" not in links

    def test_learner_gets_mon_parcours_and_live_sessions_but_no_staff_space(self, client):
        client.force_login(UserFactory())
        links = self._links(client, reverse("accounts:profile"))
        assert {"/mon-parcours/", "/sessions/", "/portfolio/", "/traces/"} <= links
        assert not links & {"/organisme/", "/evaluations/correction/", "/coordination/", "/portfolio/jury/"}

    def test_coordinator_and_jury_are_offered_their_spaces(self, client):
        from lms.accounts.services import user_grant_site_role

        user = UserFactory()
        user_grant_site_role(user=user, role=SiteRole.COORDINATOR)
        user_grant_site_role(user=user, role=SiteRole.JURY)
        client.force_login(user)
        links = self._links(client, reverse("accounts:profile"))
        assert {"/coordination/", "/portfolio/jury/"} <= links
        assert "/organisme/" not in links

    def test_organisation_member_is_offered_the_organisation_space(self, client):
        from lms.accounts.services import membership_create

        from .factories import OrganisationFactory

        user = UserFactory()
        membership_create(user=user, organisation=OrganisationFactory(), role="trainer")
        client.force_login(user)
        assert {"/organisme/", "/evaluations/correction/"} <= self._links(client, reverse("accounts:profile"))
