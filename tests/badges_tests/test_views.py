import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from lms.accounts.roles import OrganisationRole
from lms.badges import baking, ob3, status_list
from lms.badges.jsonld import expand_strict
from lms.badges.models import Assertion, IssuerKey
from lms.badges.services import assertion_revoke, awards_evaluate
from lms.badges.services import awards as awards_module
from tests.accounts_tests.factories import OrganisationFactory, UserFactory

from .factories import (
    TRAINER_RULE,
    attend,
    complete,
    course_rule,
    enrol,
    make_badge_class,
    make_member,
    make_series,
    sessions_rule,
)

pytestmark = pytest.mark.django_db
LD_JSON = "application/ld+json"


@pytest.fixture
def issued(organisation, course, learner):
    make_badge_class(organisation, rules=[course_rule(course)])
    complete(learner, course)
    [assertion] = awards_evaluate(user_id=learner.pk)
    return assertion


def get_json(client, url, accept=LD_JSON):
    response = client.get(url, HTTP_ACCEPT=accept)
    return response, json.loads(response.content)


class TestHostedDocuments:
    def test_assertion_json_is_json_ld(self, client, issued):
        response, body = get_json(client, f"/badges/assertions/{issued.uuid}.json")
        assert response.status_code == 200
        assert response["Content-Type"] == LD_JSON
        assert response["Access-Control-Allow-Origin"] == "*"
        assert body["id"] == f"http://testserver/badges/assertions/{issued.uuid}.json"
        expand_strict(body)

    @pytest.mark.parametrize(
        ("accept", "expected"),
        [
            ("application/json", "application/json"),
            ("", LD_JSON),
            ("*/*", LD_JSON),
            (f"{LD_JSON}, application/json", LD_JSON),
        ],
    )
    def test_content_negotiation(self, client, issued, accept, expected):
        response, _body = get_json(client, f"/badges/issuers/{issued.issuer_id}.json", accept=accept)
        assert response["Content-Type"] == expected

    def test_issuer_and_class_expand(self, client, issued):
        _response, issuer = get_json(client, f"/badges/issuers/{issued.issuer_id}.json")
        _response, badge_class = get_json(client, f"/badges/classes/{issued.badge_class_id}.json")
        expand_strict(issuer)
        expand_strict(badge_class)
        assert badge_class["issuer"] == issuer["id"]
        assert badge_class["image"].endswith(f"/badges/classes/{issued.badge_class_id}/image.png")

    def test_unknown_and_pending_assertions_are_404(self, client, organisation, learner):
        assert client.get(f"/badges/assertions/{uuid.uuid4()}.json").status_code == 404
        badge_class = make_badge_class(organisation, rules=[TRAINER_RULE])
        pending = Assertion.objects.create(
            badge_class=badge_class,
            issuer=awards_module.issuer_ensure(organisation=organisation),
            recipient=learner,
            recipient_email=learner.email,
            salt="abc",
            award_key="manual:x",
        )
        assert client.get(f"/badges/assertions/{pending.uuid}.json").status_code == 404
        assert client.get(f"/badges/assertions/{pending.uuid}/").status_code == 404


class TestRevocation:
    def test_revoked_assertion_answers_410_and_is_listed(self, client, organisation, issued):
        trainer = make_member(organisation)
        assertion_revoke(assertion=issued, reason="Délivré par erreur", actor=trainer)
        response, body = get_json(client, f"/badges/assertions/{issued.uuid}.json")
        assert response.status_code == 410
        assert body == {
            "@context": "https://w3id.org/openbadges/v2",
            "id": f"http://testserver/badges/assertions/{issued.uuid}.json",
            "revoked": True,
            "revocationReason": "Délivré par erreur",
        }
        _response, listing = get_json(client, f"/badges/issuers/{issued.issuer_id}/revocations.json")
        assert listing["revokedAssertions"] == [{"id": body["id"], "revocationReason": "Délivré par erreur"}]
        expand_strict(listing)
        assert client.get(f"/badges/assertions/{issued.uuid}/badge.png").status_code == 410
        assert client.get(f"/badges/assertions/{issued.uuid}/credential.json").status_code == 410
        page = client.get(f"/badges/assertions/{issued.uuid}/")
        assert page.status_code == 200
        assert "révoqué" in page.content.decode()

    def test_ob3_status_list_marks_the_revoked_credential(self, client, organisation, issued):
        key = IssuerKey.objects.get(issuer=issued.issuer)
        _response, before = get_json(client, f"/badges/issuers/{issued.issuer_id}/status-list.json")
        assert ob3.verify_credential(before, key.public_key_multibase).ok
        assert not status_list.is_set(before["credentialSubject"]["encodedList"], issued.status_index)
        assertion_revoke(assertion=issued, reason="Erreur", actor=make_member(organisation))
        _response, after = get_json(client, f"/badges/issuers/{issued.issuer_id}/status-list.json")
        assert ob3.verify_credential(after, key.public_key_multibase).ok
        assert status_list.is_set(after["credentialSubject"]["encodedList"], issued.status_index)
        assert issued.credential["credentialStatus"]["statusListCredential"] == after["id"]


class TestBakedImages:
    def test_png_yields_the_assertion_back(self, client, issued):
        _response, hosted = get_json(client, f"/badges/assertions/{issued.uuid}.json")
        response = client.get(f"/badges/assertions/{issued.uuid}/badge.png?telecharger=1")
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"].startswith("attachment")
        assert json.loads(baking.unbake_png(response.content)) == hosted
        baked_credential = json.loads(baking.unbake_png(response.content, keyword=baking.OB3_PNG_KEYWORD))
        key = IssuerKey.objects.get(issuer=issued.issuer)
        assert ob3.verify_credential(baked_credential, key.public_key_multibase).ok

    def test_svg_yields_the_assertion_back(self, client, issued):
        _response, hosted = get_json(client, f"/badges/assertions/{issued.uuid}.json")
        response = client.get(f"/badges/assertions/{issued.uuid}/badge.svg")
        assert response["Content-Type"] == "image/svg+xml"
        assert json.loads(baking.unbake_svg(response.content)) == hosted

    def test_svg_class_bakes_svg_only(self, client, organisation, learner):
        series = make_series(organisation, sessions=1)
        make_badge_class(organisation, rules=[sessions_rule(series, 1)], image_kind="svg")
        attend(learner, series, 1)
        [assertion] = awards_evaluate(user_id=learner.pk)
        assert client.get(f"/badges/assertions/{assertion.uuid}/badge.png").status_code == 404
        svg = client.get(f"/badges/assertions/{assertion.uuid}/badge.svg")
        assert json.loads(baking.unbake_svg(svg.content))["id"].endswith(f"{assertion.uuid}.json")

    def test_images_are_served_with_a_sandboxing_policy(self, client, issued):
        for url in (
            f"/badges/classes/{issued.badge_class_id}/image.png",
            f"/badges/assertions/{issued.uuid}/badge.svg",
        ):
            response = client.get(url)
            assert response.status_code == 200
            assert "sandbox" in response["Content-Security-Policy"]
            assert "default-src 'none'" in response["Content-Security-Policy"]
            assert response["X-Content-Type-Options"] == "nosniff"
        assert client.get(f"/badges/classes/{issued.badge_class_id}/image.svg").status_code == 404


class TestCredential:
    def test_verifies_and_one_changed_character_breaks_it(self, client, issued):
        key = IssuerKey.objects.get(issuer=issued.issuer).public_key_multibase
        response, credential = get_json(client, f"/badges/assertions/{issued.uuid}/credential.json")
        assert response.status_code == 200
        assert ob3.verify_credential(credential, key).ok
        name = credential["credentialSubject"]["achievement"]["name"]
        credential["credentialSubject"]["achievement"]["name"] = name[:-1] + ("X" if name[-1] != "X" else "Y")
        assert not ob3.verify_credential(credential, key).ok

    def test_profile_publishes_the_verification_method(self, client, issued):
        _response, credential = get_json(client, f"/badges/assertions/{issued.uuid}/credential.json")
        method = credential["proof"]["verificationMethod"]
        profile_url, _hash, key_id = method.partition("#")
        assert profile_url == credential["issuer"]["id"]
        _response, profile = get_json(client, profile_url.removeprefix("http://testserver"))
        assert profile["id"] == profile_url
        [published] = profile["verificationMethod"]
        assert published["id"] == method
        assert ob3.verify_credential(credential, published["publicKeyMultibase"]).ok
        _response, key_document = get_json(client, f"/badges/issuers/{issued.issuer_id}/keys/{key_id}.json")
        assert key_document["publicKeyMultibase"] == key_id
        assert client.get(f"/badges/issuers/{issued.issuer_id}/keys/z6MkNope.json").status_code == 404


class TestAssertionPage:
    def test_shows_issuer_criteria_alignment_evidence_status(self, client, issued, framework):
        response = client.get(f"/badges/assertions/{issued.uuid}/")
        html = response.content.decode()
        assert response.status_code == 200
        for text in ("Camille Martin", "Les Ateliers du Lien", "Terminer toutes les leçons", 'id="preuve-1"', "valide"):
            assert text in html
        assert (
            f'rel="alternate" type="application/ld+json" href="http://testserver/badges/assertions/{issued.uuid}.json"'
            in html
        )


class TestMyBadges:
    def test_login_required(self, client):
        response = client.get("/badges/mes-badges/")
        assert response.status_code == 302

    def test_lists_downloads_and_public_link(self, client, issued, learner):
        client.force_login(learner)
        html = client.get("/badges/mes-badges/").content.decode()
        assert f"/badges/assertions/{issued.uuid}/badge.png?telecharger=1" in html
        assert f"/badges/assertions/{issued.uuid}/credential.json?telecharger=1" in html
        assert f'value="http://testserver/badges/assertions/{issued.uuid}/"' in html
        assert "badges/copy-link.js" in html

    def test_query_count_does_not_grow_with_badges(self, client, organisation, learner):
        other = UserFactory()
        series = make_series(organisation, sessions=20)
        make_badge_class(organisation, rules=[sessions_rule(series, 1)], repeatable=True)
        attend(learner, series, 2)
        attend(other, series, 20)
        assert len(awards_evaluate(user_id=learner.pk)) == 2
        assert len(awards_evaluate(user_id=other.pk)) == 20
        counts = []
        for user, expected in ((learner, 2), (other, 20)):
            client.force_login(user)
            with CaptureQueriesContext(connection) as queries:
                response = client.get("/badges/mes-badges/")
            assert response.content.decode().count('class="card badge-card"') == expected
            counts.append(len(queries))
        assert counts[0] == counts[1]
        # Session, user, the badges (one query with their class and issuer): nothing per badge.
        assert counts == [3, 3]


class TestManualAwardPage:
    @pytest.fixture
    def badge_class(self, organisation):
        return make_badge_class(organisation, name="Pair·e aidant·e", rules=[TRAINER_RULE])

    @pytest.fixture
    def trainer(self, organisation):
        return make_member(organisation, OrganisationRole.TRAINER)

    def test_trainer_awards_a_learner_of_the_organisation(
        self, client, badge_class, trainer, course, learner, django_capture_on_commit_callbacks
    ):
        enrol(learner, course)
        client.force_login(trainer)
        assert client.get("/badges/attribuer/").status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/badges/attribuer/",
                {"badge_class": badge_class.pk, "learner": learner.pk, "narrative": "A co-animé un atelier."},
            )
        assert response.status_code == 302
        assertion = Assertion.objects.get()
        assert (assertion.recipient, assertion.awarded_by, assertion.status) == (learner, trainer, "issued")
        assert "A co-animé un atelier." in client.get(f"/badges/assertions/{assertion.uuid}/").content.decode()

    @pytest.mark.parametrize("role", [None, OrganisationRole.AUTHOR])
    def test_others_get_403(self, client, organisation, badge_class, course, learner, role):
        enrol(learner, course)
        user = make_member(organisation, role) if role else learner
        client.force_login(user)
        assert client.get("/badges/attribuer/").status_code == 403
        response = client.post(
            "/badges/attribuer/", {"badge_class": badge_class.pk, "learner": learner.pk, "narrative": "Bravo"}
        )
        assert response.status_code == 403
        assert not Assertion.objects.exists()

    def test_trainer_of_another_organisation_gets_403(self, client, badge_class, course, learner):
        enrol(learner, course)
        client.force_login(make_member(OrganisationFactory()))
        response = client.post(
            "/badges/attribuer/", {"badge_class": badge_class.pk, "learner": learner.pk, "narrative": "Bravo"}
        )
        assert response.status_code == 403
        assert not Assertion.objects.exists()

    def test_missing_narrative_is_a_400_and_stores_nothing(self, client, badge_class, trainer, course, learner):
        enrol(learner, course)
        client.force_login(trainer)
        response = client.post(
            "/badges/attribuer/", {"badge_class": badge_class.pk, "learner": learner.pk, "narrative": ""}
        )
        assert response.status_code == 400
        with translation.override("fr"):
            required = translation.gettext("This field is required.")
        assert f'<p class="error" id="id_narrative_error">{required}</p>' in response.content.decode()
        assert not Assertion.objects.exists()

    def test_learner_outside_the_organisation_is_not_offered(self, client, badge_class, trainer):
        outsider = UserFactory()
        client.force_login(trainer)
        response = client.post(
            "/badges/attribuer/", {"badge_class": badge_class.pk, "learner": outsider.pk, "narrative": "x"}
        )
        assert response.status_code == 400
        assert not Assertion.objects.exists()

    def test_trainer_revokes(self, client, organisation, issued, trainer):
        client.force_login(trainer)
        response = client.post(f"/badges/assertions/{issued.uuid}/revoquer/", {"reason": "Doublon"})
        assert response.status_code == 302
        issued.refresh_from_db()
        assert issued.revocation_reason == "Doublon"

    def test_learner_cannot_revoke(self, client, issued, learner):
        client.force_login(learner)
        assert client.post(f"/badges/assertions/{issued.uuid}/revoquer/", {"reason": "Non"}).status_code == 403
        issued.refresh_from_db()
        assert issued.revoked_at is None
