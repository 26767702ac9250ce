"""The JSON documents served for verification expand with the bundled contexts, nothing dropped."""

import pytest

from lms.badges import documents, links, ob2
from lms.badges.jsonld import expand_strict
from lms.badges.services import awards_evaluate, issuer_signing_key

from .factories import complete, course_rule, make_badge_class

pytestmark = pytest.mark.django_db

OBI = "https://w3id.org/openbadges#"


@pytest.fixture
def issued(organisation, course, learner, framework):
    badge_class = make_badge_class(
        organisation, rules=[course_rule(course)], criteria_url="https://ateliers.fr/criteres", expires_after_days=30
    )
    badge_class.competencies.set([framework["CP1"], framework["CP5"]])
    badge_class.blocks.set([framework["CCP2"]])
    badge_class.tags.add("médiation", "parcours")
    badge_class.save()  # ParentalManyToManyField and cluster tags are written on save
    complete(learner, course)
    [assertion] = awards_evaluate(user_id=learner.pk)
    return assertion


def class_document(badge_class):
    return documents.badge_class_document(badge_class, tags=sorted(badge_class.tags.names()))


class TestStrictExpansion:
    def test_issuer(self, issued):
        expanded = expand_strict(documents.issuer_document(issued.issuer))
        assert expanded[0]["@type"] == [f"{OBI}Issuer"]
        assert f"{OBI}revocationList" in expanded[0]

    def test_badge_class(self, issued):
        document = class_document(issued.badge_class)
        expanded = expand_strict(document)
        assert expanded[0]["@type"] == [f"{OBI}BadgeClass"]
        assert len(document["alignment"]) == 4  # CP1, CP5, then CCP1 (RNCP code) and CCP2 (chosen)

    def test_assertion(self, issued):
        expanded = expand_strict(documents.assertion_document(issued))
        assert expanded[0]["@type"] == [f"{OBI}Assertion"]
        assert f"{OBI}evidence" in expanded[0]

    def test_revocation_list(self, issued):
        document = documents.revocation_list_document(issued.issuer, {str(issued.uuid): "Erreur"})
        expand_strict(document)
        assert document["revokedAssertions"] == [{"id": links.assertion_url(issued.uuid), "revocationReason": "Erreur"}]

    def test_ob3_profile_and_key(self, issued):
        key, _private = issuer_signing_key(issuer=issued.issuer)
        profile = documents.profile_document(issued.issuer, [key])
        expanded = expand_strict(profile)
        assert "https://w3id.org/security#verificationMethod" in expanded[0]
        expand_strict(documents.key_document(issued.issuer, key))

    def test_credential(self, issued):
        expand_strict({key: value for key, value in issued.credential.items() if key != "proof"})


class TestContent:
    def test_alignment_to_competencies_and_rncp_blocks(self, issued, framework):
        alignment = class_document(issued.badge_class)["alignment"]
        codes = [item["targetCode"] for item in alignment]
        assert codes == ["TEST-BADGES/CCP1/CP1", "TEST-BADGES/CCP2/CP5", "RNCP37432BC01", "TEST-BADGES/CCP2"]
        competency = alignment[0]
        assert competency["targetUrl"] == f"http://testserver/referentiels/TEST-BADGES/#block-{framework['CCP1'].pk}"
        assert competency["targetFramework"] == "Titre TEST-BADGES"
        rncp_block = alignment[2]
        assert rncp_block["targetUrl"] == "https://www.francecompetences.fr/recherche/rncp/37432/"
        assert rncp_block["targetFramework"] == "Titre TEST-BADGES (RNCP37432)"

    def test_ob3_achievement_carries_the_alignment_types(self, issued):
        alignment = issued.credential["credentialSubject"]["achievement"]["alignment"]
        assert [item.get("targetType") for item in alignment] == [
            documents.COMPETENCY_TYPE,
            documents.COMPETENCY_TYPE,
            documents.RNCP_BLOCK_TYPE,
            None,
        ]

    def test_recipient_is_a_salted_lowercase_sha256(self, issued, learner):
        recipient = documents.assertion_document(issued)["recipient"]
        assert recipient["hashed"] is True
        assert recipient["salt"] == issued.salt
        assert recipient["identity"] == ob2.hash_identity("camille.martin@exemple.fr", issued.salt)
        digest = recipient["identity"].removeprefix("sha256$")
        assert digest == digest.lower() and len(digest) == 64
        assert "camille" not in str(documents.assertion_document(issued)).lower()

    def test_evidence_points_at_the_assertion_page(self, issued):
        [evidence] = documents.assertion_document(issued)["evidence"]
        assert evidence["id"] == f"{links.assertion_page_url(issued.uuid)}#preuve-1"
        assert "Posture professionnelle" in evidence["narrative"]

    def test_issuer_verification_scope(self, issued):
        document = documents.issuer_document(issued.issuer)
        assert document["verification"]["startsWith"] == ["http://testserver/badges/assertions/"]
        assert links.assertion_url(issued.uuid).startswith(document["verification"]["startsWith"][0])
