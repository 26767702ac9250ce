import io
import json
import zipfile

import pytest

from lms.portfolio.rights import user_data_export

from .factories import full_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(learner, site, titles, jury_member):
    return full_history(learner, site, titles, jury_member)


def export_zip(user) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    user_data_export(user=user, dest=buffer)
    buffer.seek(0)
    return zipfile.ZipFile(buffer)


class TestUserDataExport:
    def test_zip_holds_the_json_and_every_uploaded_file(self, learner, history):
        archive = export_zip(learner)

        names = set(archive.namelist())
        upload = history["upload"]
        assert {"LISEZMOI.txt", "donnees.json"} <= names
        assert f"fichiers/portfolio-remn-2019/preuves/{upload.pk}-fiche.pdf" in names
        assert f"fichiers/travaux/{history['answer'].pk}-devoir.pdf" in names
        with upload.file.open("rb") as stored:
            assert archive.read(f"fichiers/portfolio-remn-2019/preuves/{upload.pk}-fiche.pdf") == stored.read()

    def test_json_covers_every_kind_of_data(self, learner, history):
        data = json.loads(export_zip(learner).read("donnees.json"))

        assert data["profil"]["email"] == "camille@exemple.fr"
        assert data["profil"]["compte_xapi"] == history["statement"].actor_account
        assert [e["formation"] for e in data["inscriptions"]] == ["Accueillir les publics"]
        assert data["formations_terminees"][0]["formation"] == "Accueillir les publics"
        assert data["attestations"][0]["identifiant_public"] == history["attestation"].public_id
        assert data["traces_xapi"][0]["id"] == str(history["statement"].id)
        [devoir] = [a for a in data["evaluations"] if a["evaluation"] == "Devoir : fiche action"]
        assert devoir["reponses"][0]["retour"] == "Déroulé clair, bonne prise en compte des publics."
        assert data["statuts_des_competences"][0]["competence"] == "REMN-2019/CCP1/CP3"
        assert data["badges"][0]["badge"] == "Accueil des publics"
        [portfolio] = data["portfolios"]
        assert portfolio["titre_vise"] == "REMN-2019"
        assert portfolio["exemples_de_pratique"][0]["intitule"] == "Atelier « Découvrir les démarches en ligne »"
        assert {evidence["instantane"]["title"] for evidence in portfolio["preuves"]} >= {
            "Fiche action",
            "Accueillir les publics",
        }
        assert portfolio["declaration_sur_l_honneur"]["signee_le"]
        assert portfolio["partages"][0]["membre_du_jury"] == "Bernard Morel"
        # The jury's comment is not released yet: it stays out of the learner's export.
        assert portfolio["avis_du_jury_communiques"] == []
        assert "Très concret." not in json.dumps(data, ensure_ascii=False)

    def test_nothing_of_another_person_is_exported(self, learner, history, other_learner):
        data = json.loads(export_zip(other_learner).read("donnees.json"))

        assert data["profil"]["email"] == "nadia@exemple.fr"
        assert data["portfolios"] == [] and data["attestations"] == [] and data["traces_xapi"] == []
        assert export_zip(other_learner).namelist() == ["LISEZMOI.txt", "donnees.json"]

    def test_secret_fields_are_left_out_of_the_generic_part(self, learner, history):
        from wagtail.models import PageSubscription

        PageSubscription.objects.create(user=learner, page=history["course"], comment_notifications=True)

        others = json.loads(export_zip(learner).read("donnees.json"))["autres_donnees"]

        [subscription] = others["wagtailcore.PageSubscription (user)"]
        assert subscription["comment_notifications"] is True
        assert not any("password" in key for rows in others.values() for row in rows for key in row)
