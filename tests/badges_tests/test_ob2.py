import hashlib
from datetime import UTC, datetime, timedelta, timezone

import pytest

from lms.badges import ob2
from lms.badges.jsonld import NOT_AN_ABSOLUTE_IRI, OB2_CONTEXT_URL, expand_strict

OBI = "https://w3id.org/openbadges#"
SCHEMA = "http://schema.org/"
ISSUER = "https://formation.example.fr/ob2/issuer"
BADGE = "https://formation.example.fr/ob2/badges/webinaire-demarches"
ASSERTION = "https://formation.example.fr/ob2/assertions/8c0e7e52"
ISSUED_ON = datetime(2026, 3, 12, 16, 5, tzinfo=UTC)
RNCP_BLOC = ob2.Alignment(
    target_name="Bloc de compétences (exemple)",
    target_url="https://www.francecompetences.fr/recherche/rncp/00000/",
    target_description="Accompagner les publics vers l'autonomie numérique.",
    target_framework="RNCP",
    target_code="RNCP00000BC01",
    target_type="ext:RNCPBlocCompetences",
)


def make_badge_class(**overrides):
    values = {
        "badge_id": BADGE,
        "name": "Webinaire : démarches en ligne",
        "description": "Participation complète au webinaire.",
        "image": f"{BADGE}/image.png",
        "issuer": ISSUER,
        "criteria_narrative": "Présence ≥ 90 % et une contribution au fil d'échange.",
        "alignments": [RNCP_BLOC],
        "tags": ["médiation numérique", "webinaire"],
    }
    return ob2.badge_class(**values | overrides)


def make_assertion(**overrides):
    values = {
        "assertion_id": ASSERTION,
        "badge": BADGE,
        "recipient_email": "apprenante@example.fr",
        "salt": "b7f3c9e1",
        "issued_on": ISSUED_ON,
    }
    return ob2.assertion(**values | overrides)


class TestHashIdentity:
    def test_matches_the_worked_example(self):
        # standards.md §1.3, checked against the 1EdTech validator's identity_hash().
        assert (
            ob2.hash_identity("apprenante@example.fr", "b7f3c9e1")
            == "sha256$2c0570cc8b668f4d35f0be74284247cb874ae2b7edcc9f0f5728d4dde33504ad"
        )

    def test_matches_the_spec_example_without_salt(self):
        digest = ob2.hash_identity("mayze", "")
        assert digest.startswith("sha256$7a1a1b3f")
        assert digest.endswith("c60c6")

    def test_hashes_identity_then_salt(self):
        expected = hashlib.sha256(b"a@example.fr" + b"s4lt").hexdigest()
        assert ob2.hash_identity("a@example.fr", "s4lt") == f"sha256${expected}"

    def test_normalises_the_email(self):
        assert ob2.hash_identity("  Apprenante@Example.FR\n", "b7f3c9e1") == ob2.hash_identity(
            "apprenante@example.fr", "b7f3c9e1"
        )

    def test_writes_lowercase_hex(self):
        digest = ob2.hash_identity("apprenante@example.fr", "b7f3c9e1").removeprefix("sha256$")
        assert digest == digest.lower()
        assert len(digest) == 64

    def test_new_salts_differ(self):
        assert ob2.new_salt() != ob2.new_salt()
        assert len(ob2.new_salt()) == 2 * ob2.SALT_BYTES


class TestFormatDatetime:
    def test_converts_to_utc(self):
        paris = timezone(timedelta(hours=1))
        assert ob2.format_datetime(datetime(2026, 3, 12, 17, 5, 30, 999, tzinfo=paris)) == "2026-03-12T16:05:30Z"

    def test_refuses_a_naive_datetime(self):
        with pytest.raises(ValueError) as excinfo:
            ob2.format_datetime(datetime(2026, 3, 12), field="issued_on")
        assert str(excinfo.value) == ob2.NAIVE_DATETIME % {"field": "issued_on"}


class TestIssuerProfile:
    def test_builds_the_profile(self):
        profile = ob2.issuer_profile(
            profile_id=ISSUER,
            name="Organisme de formation Exemple",
            url="https://formation.example.fr",
            email="badges@example.fr",
            allowed_origins=["formation.example.fr"],
        )
        assert profile == {
            "@context": OB2_CONTEXT_URL,
            "id": ISSUER,
            "type": "Issuer",
            "name": "Organisme de formation Exemple",
            "url": "https://formation.example.fr",
            "email": "badges@example.fr",
            "verification": {"type": "VerificationObject", "allowedOrigins": ["formation.example.fr"]},
        }

    def test_expands_without_dropped_terms(self):
        profile = ob2.issuer_profile(
            profile_id=ISSUER,
            name="Organisme",
            url="https://formation.example.fr",
            email="badges@example.fr",
            description="Centre de formation",
            image="https://formation.example.fr/logo.png",
            allowed_origins=["formation.example.fr"],
            starts_with=["https://formation.example.fr/ob2/"],
            revocation_list="https://formation.example.fr/ob2/revocations",
        )
        [node] = expand_strict(profile)
        assert node["@type"] == [f"{OBI}Issuer"]
        assert f"{SCHEMA}email" in node
        assert f"{OBI}revocationList" in node

    def test_refuses_a_relative_url(self):
        with pytest.raises(ValueError) as excinfo:
            ob2.issuer_profile(profile_id="/ob2/issuer", name="O", url="https://formation.example.fr", email="b@e.fr")
        assert str(excinfo.value) == NOT_AN_ABSOLUTE_IRI % {"field": "profile_id", "value": "/ob2/issuer"}


class TestBadgeClass:
    def test_builds_alignments_with_every_ob2_field(self):
        badge = make_badge_class()
        assert badge["alignment"] == [
            {
                "targetName": "Bloc de compétences (exemple)",
                "targetUrl": "https://www.francecompetences.fr/recherche/rncp/00000/",
                "targetDescription": "Accompagner les publics vers l'autonomie numérique.",
                "targetFramework": "RNCP",
                "targetCode": "RNCP00000BC01",
            }
        ]

    def test_leaves_out_target_type_which_ob2_does_not_define(self):
        assert "targetType" not in make_badge_class()["alignment"][0]

    def test_expands_without_dropped_terms(self):
        [node] = expand_strict(make_badge_class(criteria_url="https://formation.example.fr/criteres"))
        assert node["@type"] == [f"{OBI}BadgeClass"]
        [alignment] = node[f"{OBI}alignment"]
        assert alignment[f"{OBI}targetCode"] == [{"@value": "RNCP00000BC01"}]
        assert node[f"{OBI}issuer"] == [{"@id": ISSUER}]

    def test_leaves_out_empty_optional_fields(self):
        badge = make_badge_class(alignments=(), tags=())
        assert "alignment" not in badge
        assert "tags" not in badge

    def test_requires_criteria(self):
        with pytest.raises(ValueError) as excinfo:
            make_badge_class(criteria_narrative=None)
        assert str(excinfo.value) == ob2.CRITERIA_REQUIRED


class TestAssertion:
    def test_builds_a_hosted_assertion_with_a_hashed_recipient(self):
        assert make_assertion() == {
            "@context": OB2_CONTEXT_URL,
            "id": ASSERTION,
            "type": "Assertion",
            "recipient": {
                "type": "email",
                "hashed": True,
                "salt": "b7f3c9e1",
                "identity": "sha256$2c0570cc8b668f4d35f0be74284247cb874ae2b7edcc9f0f5728d4dde33504ad",
            },
            "badge": BADGE,
            "verification": {"type": "HostedBadge"},
            "issuedOn": "2026-03-12T16:05:00Z",
        }

    def test_never_contains_the_plain_email(self):
        assert "apprenante" not in str(make_assertion(recipient_email="Apprenante@example.fr"))

    def test_expands_without_dropped_terms(self):
        assertion = make_assertion(
            expires=ISSUED_ON + timedelta(days=365),
            evidence=[
                ob2.Evidence(
                    url="https://formation.example.fr/portfolio/preuves/123", narrative="Journal de présence."
                ),
                ob2.Evidence(narrative="Contribution au fil d'échange.", name="Échange", description="Fil"),
            ],
            narrative="Badge délivré après le webinaire.",
            image="https://formation.example.fr/ob2/assertions/8c0e7e52/image.png",
        )
        [node] = expand_strict(assertion)
        assert node["@type"] == [f"{OBI}Assertion"]
        assert len(node[f"{OBI}evidence"]) == 2
        assert node["https://w3id.org/security#expiration"][0]["@value"] == "2027-03-12T16:05:00Z"

    def test_refuses_a_naive_issue_date(self):
        with pytest.raises(ValueError) as excinfo:
            make_assertion(issued_on=datetime(2026, 3, 12))
        assert str(excinfo.value) == ob2.NAIVE_DATETIME % {"field": "issued_on"}

    def test_refuses_empty_evidence(self):
        with pytest.raises(ValueError) as excinfo:
            ob2.Evidence(name="Rien")
        assert str(excinfo.value) == ob2.EVIDENCE_EMPTY


class TestRevocation:
    def test_builds_a_revocation_list(self):
        revocations = ob2.revocation_list(
            list_id="https://formation.example.fr/ob2/revocations",
            issuer=ISSUER,
            revoked={
                "urn:uuid:2f1e6c1a-0b7d-4d55-8a4e-6f7c3b9d2e11": "Délivré par erreur",
                "urn:uuid:9a3d1b7e-5c2f-4e8a-b1d6-0c4e7f2a8b35": None,
            },
        )
        assert revocations["revokedAssertions"] == [
            {"id": "urn:uuid:2f1e6c1a-0b7d-4d55-8a4e-6f7c3b9d2e11", "revocationReason": "Délivré par erreur"},
            "urn:uuid:9a3d1b7e-5c2f-4e8a-b1d6-0c4e7f2a8b35",
        ]
        [node] = expand_strict(revocations)
        assert node["@type"] == [f"{OBI}RevocationList"]

    def test_builds_the_gone_body(self):
        body = ob2.revoked_assertion_body(assertion_id=ASSERTION, reason="Délivré par erreur")
        assert body == {
            "@context": OB2_CONTEXT_URL,
            "id": ASSERTION,
            "revoked": True,
            "revocationReason": "Délivré par erreur",
        }
        expand_strict(body)

    def test_gone_body_without_reason(self):
        assert "revocationReason" not in ob2.revoked_assertion_body(assertion_id=ASSERTION)
