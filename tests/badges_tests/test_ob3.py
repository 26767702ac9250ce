import copy
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from lms.badges import ob3
from lms.badges.jsonld import CONTEXT_NOT_BUNDLED, ContextNotBundledError, DroppedTermError, canonize
from lms.badges.ob2 import Alignment, Evidence

DATA_DIR = Path(__file__).parent / "data"
ISSUER = "https://formation.example.fr/ob/issuer"


@pytest.fixture(scope="module")
def vector():
    return json.loads((DATA_DIR / "ob3-eddsa-rdfc-2022.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def vector_key(vector):
    return ob3.private_key_from_seed(bytes.fromhex(vector["key"]["privateKeySeedHex"]))


@pytest.fixture(scope="module")
def signing_key():
    return ob3.generate_key()


def make_credential(**overrides):
    achievement = ob3.achievement(
        achievement_id="https://formation.example.fr/ob/achievements/webinaire-demarches-en-ligne",
        name="Webinaire : accompagner aux démarches en ligne",
        description="Participation complète (2 h) au webinaire et contribution à l'échange de pratiques.",
        criteria_narrative="Présence d'au moins 90 % de la durée et une contribution au fil d'échange.",
        achievement_type="Competency",
        in_language="fr",
        tags=["médiation numérique"],
        image="https://formation.example.fr/ob/achievements/webinaire/image.png",
        alignments=[
            Alignment(
                target_name="Bloc de compétences (exemple)",
                target_url="https://www.francecompetences.fr/recherche/rncp/00000/",
                target_code="RNCP00000BC01",
                target_framework="RNCP (France compétences)",
                target_description="Accompagner les publics.",
                target_type="ext:RNCPBlocCompetences",
            )
        ],
    )
    values = {
        "credential_id": "urn:uuid:5b0f9a52-2d7e-4c59-9d8a-1f4f3c2b7e10",
        "issuer": ob3.profile(
            profile_id=ISSUER,
            name="Organisme de formation Exemple",
            url="https://formation.example.fr",
            email="badges@example.fr",
            image="https://formation.example.fr/logo.png",
        ),
        "achievement": achievement,
        "recipient_email": "apprenante@example.fr",
        "salt": "7d1c2a9e",
        "valid_from": datetime(2026, 3, 12, 16, tzinfo=UTC),
        "name": "Participation au webinaire « Accompagner aux démarches en ligne »",
        "description": "Badge de participation.",
        "evidence": [Evidence(url="https://formation.example.fr/portfolio/preuves/123", narrative="Journal.")],
    }
    return ob3.open_badge_credential(**values | overrides)


def sign(credential, key):
    return ob3.sign_credential(
        credential,
        private_key=key,
        verification_method=ob3.url_verification_method(ISSUER, key),
        created=datetime(2026, 3, 12, 16, 5, tzinfo=UTC),
    )


def change_one_character(text):
    """Return ``text`` with its middle character replaced by a different one."""
    middle = len(text) // 2
    return text[:middle] + ("b" if text[middle] != "b" else "c") + text[middle + 1 :]


class TestTestVector:
    """Reproduce the official 1EdTech ``eddsa-rdfc-2022`` vector exactly."""

    def test_seed_gives_the_published_multikey(self, vector, vector_key):
        assert ob3.public_key_multibase(vector_key) == vector["key"]["publicKeyMultibase"]
        assert vector_key.public_key().public_bytes_raw().hex() == vector["key"]["publicKeyHex"]

    def test_canonical_document_and_proof(self, vector):
        unsigned = {key: value for key, value in vector["signed_credential"].items() if key != "proof"}
        proof = {key: value for key, value in vector["signed_credential"]["proof"].items() if key != "proofValue"}
        assert canonize(unsigned) == vector["document_canon_nquads"]
        assert canonize({"@context": unsigned["@context"], **proof}) == vector["proof_canon_nquads"]

    def test_signing_reproduces_the_proof_value(self, vector, vector_key):
        unsigned = {key: value for key, value in vector["signed_credential"].items() if key != "proof"}
        signed = ob3.sign_credential(
            unsigned,
            private_key=vector_key,
            verification_method=vector["key"]["id"],
            created=datetime(2010, 1, 1, 19, 23, 24, tzinfo=UTC),
        )
        assert signed["proof"]["proofValue"] == vector["signed_credential"]["proof"]["proofValue"]
        assert signed == vector["signed_credential"]

    def test_vector_verifies(self, vector):
        result = ob3.verify_credential(vector["signed_credential"], vector["key"]["publicKeyMultibase"])
        assert result == ob3.VerificationResult(True)


class TestKeys:
    def test_public_multikey_round_trip(self, signing_key):
        encoded = ob3.public_key_multibase(signing_key)
        assert encoded.startswith("z6Mk")
        assert ob3.public_key_multibase(ob3.public_key_from_multibase(encoded)) == encoded

    def test_private_multikey_round_trip(self, signing_key):
        encoded = ob3.private_key_multibase(signing_key)
        restored = ob3.private_key_from_multibase(encoded)
        assert ob3.public_key_multibase(restored) == ob3.public_key_multibase(signing_key)

    def test_a_public_multikey_is_not_a_private_one(self, signing_key):
        encoded = ob3.public_key_multibase(signing_key)
        with pytest.raises(ValueError) as excinfo:
            ob3.private_key_from_multibase(encoded)
        assert str(excinfo.value) == ob3.INVALID_MULTIKEY % {"value": encoded}

    @pytest.mark.parametrize("value", ["", "6MkjZRZ", "z0OIl", "zabc"])
    def test_refuses_malformed_multikeys(self, value):
        with pytest.raises(ValueError) as excinfo:
            ob3.public_key_from_multibase(value)
        assert str(excinfo.value) == ob3.INVALID_MULTIKEY % {"value": value}

    def test_verification_methods(self, signing_key):
        multikey = ob3.public_key_multibase(signing_key)
        assert ob3.did_key(signing_key) == f"did:key:{multikey}"
        assert ob3.did_key_verification_method(signing_key) == f"did:key:{multikey}#{multikey}"
        assert ob3.multikey_document(controller=ISSUER, key=signing_key) == {
            "id": f"{ISSUER}#{multikey}",
            "type": "Multikey",
            "controller": ISSUER,
            "publicKeyMultibase": multikey,
        }


class TestIssue:
    def test_fresh_credential_verifies(self, signing_key):
        signed = sign(make_credential(), signing_key)
        assert ob3.verify_credential(signed, signing_key.public_key()).ok

    def test_credential_shape(self):
        credential = make_credential()
        assert credential["@context"] == list(ob3.CREDENTIAL_CONTEXT)
        assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
        [identifier] = credential["credentialSubject"]["identifier"]
        assert identifier["identityHash"].startswith("sha256$")
        assert "apprenante" not in json.dumps(credential)

    def test_signed_graph_carries_the_competency_alignment(self):
        nquads = canonize(make_credential())
        assert '"RNCP00000BC01"' in nquads
        assert '"ext:RNCPBlocCompetences"' in nquads
        assert "identityHash" in nquads

    def test_did_key_credential_verifies_without_a_key(self, signing_key):
        credential = make_credential(issuer=ob3.profile(profile_id=ob3.did_key(signing_key), name="Organisme"))
        signed = ob3.sign_credential(
            credential, private_key=signing_key, verification_method=ob3.did_key_verification_method(signing_key)
        )
        assert ob3.verify_credential(signed).ok

    def test_unknown_term_fails_issuing(self, signing_key):
        credential = make_credential()
        credential["credentialSubject"]["achievement"]["blocRncp"] = "RNCP00000BC01"
        with pytest.raises(DroppedTermError) as excinfo:
            sign(credential, signing_key)
        assert excinfo.value.terms == ("blocRncp",)

    def test_non_bundled_context_fails_issuing(self, signing_key):
        credential = make_credential()
        credential["@context"].append("https://example.org/contexts/extra.jsonld")
        with pytest.raises(ContextNotBundledError) as excinfo:
            sign(credential, signing_key)
        assert str(excinfo.value) == CONTEXT_NOT_BUNDLED % {"url": "https://example.org/contexts/extra.jsonld"}

    def test_refuses_to_sign_twice(self, signing_key):
        with pytest.raises(ValueError) as excinfo:
            sign(sign(make_credential(), signing_key), signing_key)
        assert str(excinfo.value) == ob3.ALREADY_SIGNED

    def test_does_not_change_the_unsigned_credential(self, signing_key):
        credential = make_credential()
        before = copy.deepcopy(credential)
        sign(credential, signing_key)
        assert credential == before


# Paths into the signed credential: a one-character change to any of them must break verification.
TAMPERED_FIELDS = [
    ("id",),
    ("name",),
    ("validFrom",),
    ("@context", 1),
    ("type", 1),
    ("issuer", "id"),
    ("issuer", "name"),
    ("credentialSubject", "identifier", 0, "identityHash"),
    ("credentialSubject", "identifier", 0, "salt"),
    ("credentialSubject", "achievement", "id"),
    ("credentialSubject", "achievement", "description"),
    ("credentialSubject", "achievement", "criteria", "narrative"),
    ("credentialSubject", "achievement", "alignment", 0, "targetCode"),
    ("credentialSubject", "achievement", "alignment", 0, "targetUrl"),
    ("evidence", 0, "narrative"),
    ("proof", "created"),
    ("proof", "verificationMethod"),
    ("proof", "cryptosuite"),
    ("proof", "proofPurpose"),
    ("proof", "proofValue"),
]


class TestTampering:
    @pytest.mark.parametrize("path", TAMPERED_FIELDS, ids=lambda path: ".".join(map(str, path)))
    def test_changing_one_value_character_breaks_verification(self, signing_key, path):
        signed = sign(make_credential(), signing_key)
        parent = signed
        for step in path[:-1]:
            parent = parent[step]
        parent[path[-1]] = change_one_character(parent[path[-1]])
        assert not ob3.verify_credential(signed, signing_key.public_key()).ok

    @pytest.mark.parametrize("key", ["name", "validFrom", "issuer", "evidence", "proof"])
    def test_changing_one_key_character_breaks_verification(self, signing_key, key):
        signed = sign(make_credential(), signing_key)
        signed[change_one_character(key)] = signed.pop(key)
        assert not ob3.verify_credential(signed, signing_key.public_key()).ok

    def test_every_fourth_character_of_the_vector(self, vector):
        """Substitute characters across the serialised vector; no change that alters the JSON may verify."""
        original = vector["signed_credential"]
        text = json.dumps(original, ensure_ascii=False)
        checked = 0
        for position in range(0, len(text), 4):
            replacement = "a" if text[position] != "a" else "b"
            try:
                mutated = json.loads(text[:position] + replacement + text[position + 1 :])
            except ValueError:
                continue
            if mutated == original:
                continue
            checked += 1
            assert not ob3.verify_credential(mutated, vector["key"]["publicKeyMultibase"]).ok, position
        assert checked > 100


class TestVerifyRefusals:
    @pytest.fixture
    def signed(self, signing_key):
        return sign(make_credential(), signing_key)

    def test_wrong_key(self, signed):
        result = ob3.verify_credential(signed, ob3.generate_key().public_key())
        assert result == ob3.VerificationResult(False, ob3.BAD_SIGNATURE)
        assert not result

    def test_no_proof(self, signed, signing_key):
        del signed["proof"]
        assert ob3.verify_credential(signed, signing_key.public_key()).reason == ob3.NO_PROOF

    def test_not_a_credential(self, signing_key):
        assert ob3.verify_credential([], signing_key.public_key()).reason == ob3.NOT_A_CREDENTIAL

    def test_several_proofs(self, signed, signing_key):
        signed["proof"] = [signed["proof"], signed["proof"]]
        assert ob3.verify_credential(signed, signing_key.public_key()).reason == ob3.SEVERAL_PROOFS

    def test_a_list_of_one_proof_is_accepted(self, signed, signing_key):
        signed["proof"] = [signed["proof"]]
        assert ob3.verify_credential(signed, signing_key.public_key()).ok

    def test_key_of_another_controller(self, signing_key):
        signed = ob3.sign_credential(
            make_credential(),
            private_key=signing_key,
            verification_method=ob3.url_verification_method("https://autre.example.fr/issuer", signing_key),
        )
        assert ob3.verify_credential(signed, signing_key.public_key()).reason == ob3.NOT_ISSUER_KEY

    def test_url_method_needs_a_key(self, signed):
        assert ob3.verify_credential(signed).reason == ob3.NO_KEY

    def test_did_key_must_match_the_given_key(self, signing_key):
        credential = make_credential(issuer=ob3.profile(profile_id=ob3.did_key(signing_key), name="Organisme"))
        signed = ob3.sign_credential(
            credential, private_key=signing_key, verification_method=ob3.did_key_verification_method(signing_key)
        )
        other = ob3.generate_key().public_key()
        assert ob3.verify_credential(signed, other).reason == ob3.KEY_MISMATCH

    def test_malformed_did_key(self, signing_key):
        signed = sign(make_credential(issuer=ob3.profile(profile_id="did:key:zabc", name="Organisme")), signing_key)
        signed["proof"]["verificationMethod"] = "did:key:zabc#zabc"
        assert ob3.verify_credential(signed).reason == ob3.INVALID_MULTIKEY % {"value": "zabc"}

    def test_added_unsigned_term(self, signed, signing_key):
        signed["credentialSubject"]["note"] = "ajoutée après signature"
        result = ob3.verify_credential(signed, signing_key.public_key())
        assert result.reason.startswith(ob3.UNREADABLE.split("%")[0])
        assert "note" in result.reason

    def test_proof_context_must_match(self, signed, signing_key):
        signed["proof"]["@context"] = ["https://www.w3.org/2018/credentials/v1"]
        assert ob3.verify_credential(signed, signing_key.public_key()).reason == ob3.PROOF_CONTEXT_MISMATCH

    def test_proof_context_prefix_is_accepted(self, signed, signing_key):
        signed["proof"]["@context"] = list(ob3.CREDENTIAL_CONTEXT[:1])
        assert ob3.verify_credential(signed, signing_key.public_key()).ok

    @pytest.mark.parametrize("value", ["", "abc", "z", "zabc", 42])
    def test_malformed_proof_value(self, signed, signing_key, value):
        signed["proof"]["proofValue"] = value
        assert ob3.verify_credential(signed, signing_key.public_key()).reason == ob3.BAD_PROOF_VALUE
