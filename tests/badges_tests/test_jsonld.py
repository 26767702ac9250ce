import copy
import json
from pathlib import Path

import pytest

from lms.badges import jsonld
from lms.badges.jsonld import (
    BUNDLED_DOCUMENTS,
    CONTEXT_NOT_BUNDLED,
    NOT_AN_ABSOLUTE_IRI,
    OB2_CONTEXT_URL,
    OB3_CONTEXT_URL,
    VC2_CONTEXT_URL,
    ContextNotBundledError,
    DroppedTermError,
    canonize,
    document_loader,
    expand_strict,
    require_absolute_iri,
)

DATA_DIR = Path(__file__).parent / "data"
OB_VOCAB = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#"


@pytest.fixture
def vector():
    return json.loads((DATA_DIR / "ob3-eddsa-rdfc-2022.json").read_text(encoding="utf-8"))


@pytest.fixture
def credential(vector):
    """Return the vector's credential without its proof."""
    unsigned = copy.deepcopy(vector["signed_credential"])
    del unsigned["proof"]
    return unsigned


class TestDocumentLoader:
    @pytest.mark.parametrize("url", [VC2_CONTEXT_URL, OB2_CONTEXT_URL, OB3_CONTEXT_URL])
    def test_serves_bundled_contexts(self, url):
        remote = document_loader()(url, {})
        assert remote["documentUrl"] == url
        assert "@context" in remote["document"]

    def test_bundled_files_live_inside_the_code(self):
        app_dir = Path(jsonld.__file__).resolve().parent
        pyld_dir = Path(jsonld.jsonld.__file__).resolve().parent
        for path in BUNDLED_DOCUMENTS.values():
            assert path.is_file()
            assert path.resolve().is_relative_to(app_dir) or path.resolve().is_relative_to(pyld_dir)

    def test_refuses_any_other_url(self):
        with pytest.raises(ContextNotBundledError) as excinfo:
            document_loader()("https://w3id.org/security/v2", {})
        # pyld bundles this one, but Tremplin does not need it, so it stays refused.
        assert str(excinfo.value) == CONTEXT_NOT_BUNDLED % {"url": "https://w3id.org/security/v2"}

    def test_expansion_surfaces_the_refused_url(self, credential):
        credential["@context"].append("https://example.org/contexts/extra.jsonld")
        with pytest.raises(ContextNotBundledError) as excinfo:
            expand_strict(credential)
        assert excinfo.value.url == "https://example.org/contexts/extra.jsonld"

    def test_a_look_alike_url_is_refused(self, credential):
        credential["@context"][1] = OB3_CONTEXT_URL.replace("3.0.3", "3.0.2")
        with pytest.raises(ContextNotBundledError):
            canonize(credential)


class TestExpandStrict:
    def test_expands_the_vector_without_drops(self, credential):
        expanded = expand_strict(credential)
        assert expanded[0]["@id"] == "http://example.com/credentials/3527"
        assert f"{OB_VOCAB}OpenBadgeCredential" in expanded[0]["@type"]

    def test_names_an_unknown_top_level_term(self, credential):
        credential["blocRncp"] = "RNCP00000BC01"
        with pytest.raises(DroppedTermError) as excinfo:
            expand_strict(credential)
        assert excinfo.value.terms == ("blocRncp",)
        assert "blocRncp" in str(excinfo.value)

    def test_names_every_dropped_term_once(self, credential):
        credential["blocRncp"] = "x"
        credential["credentialSubject"]["achievement"]["niveau"] = 3
        credential["credentialSubject"]["achievement"]["criteria"]["niveau"] = 3
        credential["issuer"]["siret"] = "12345678900011"
        with pytest.raises(DroppedTermError) as excinfo:
            expand_strict(credential)
        assert set(excinfo.value.terms) == {"blocRncp", "niveau", "siret"}
        assert len(excinfo.value.terms) == 3

    def test_names_a_null_value(self, credential):
        credential["description"] = None
        with pytest.raises(DroppedTermError) as excinfo:
            expand_strict(credential)
        assert excinfo.value.terms == ("description (null)",)

    def test_names_an_undefined_type(self, credential):
        credential["type"].append("RncpBadge")
        with pytest.raises(DroppedTermError) as excinfo:
            expand_strict(credential)
        assert excinfo.value.terms == ("RncpBadge",)

    def test_names_a_relative_identifier(self, credential):
        credential["credentialSubject"]["achievement"]["id"] = "achievements/teamwork"
        with pytest.raises(DroppedTermError) as excinfo:
            expand_strict(credential)
        assert excinfo.value.terms == ("achievements/teamwork (relative @id)",)

    def test_names_an_unknown_term_in_an_ob2_document(self):
        document = {"@context": OB2_CONTEXT_URL, "id": "https://example.fr/ob2/issuer", "type": "Issuer", "siret": "1"}
        with pytest.raises(DroppedTermError) as excinfo:
            expand_strict(document)
        assert excinfo.value.terms == ("siret",)

    def test_does_not_change_its_input(self, credential):
        before = copy.deepcopy(credential)
        expand_strict(credential)
        assert credential == before


class TestCanonize:
    def test_reproduces_the_vector_document_nquads(self, vector, credential):
        assert canonize(credential) == vector["document_canon_nquads"]

    def test_reproduces_the_vector_proof_nquads(self, vector, credential):
        proof = {key: value for key, value in vector["signed_credential"]["proof"].items() if key != "proofValue"}
        assert canonize({"@context": credential["@context"], **proof}) == vector["proof_canon_nquads"]

    def test_refuses_a_document_with_dropped_terms(self, credential):
        credential["blocRncp"] = "x"
        with pytest.raises(DroppedTermError):
            canonize(credential)


class TestRequireAbsoluteIri:
    @pytest.mark.parametrize(
        "value", ["https://example.fr/a", "urn:uuid:5b0f9a52-2d7e-4c59-9d8a-1f4f3c2b7e10", "did:key:z6Mk"]
    )
    def test_accepts_absolute_iris(self, value):
        assert require_absolute_iri(value, field="id") == value

    @pytest.mark.parametrize("value", ["badges/1", "/ob2/issuer", ""])
    def test_refuses_relative_references(self, value):
        with pytest.raises(ValueError) as excinfo:
            require_absolute_iri(value, field="id")
        assert str(excinfo.value) == NOT_AN_ABSOLUTE_IRI % {"field": "id", "value": value}
