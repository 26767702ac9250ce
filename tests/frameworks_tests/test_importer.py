import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lms.frameworks.importer import frameworks_load_yaml
from lms.frameworks.models import Block, Competency, CompetencyMapping, EvidenceType, Framework, Theme
from lms.frameworks.readers import FrameworkDataError
from lms.frameworks.services import frameworks_import, frameworks_import_bundled

from .factories import bundled_data

pytestmark = pytest.mark.django_db

MODELS = (Framework, Block, Competency, CompetencyMapping, Theme, EvidenceType)


def snapshot() -> dict:
    """Return what a refused import must leave untouched: row counts and a few field values."""
    return {
        "counts": {model.__name__: model.objects.count() for model in MODELS},
        "cp1": Competency.objects.get(framework__code="REMN-2019", code="CP1").title,
        "remn": Framework.objects.filter(code="REMN-2019").values("title", "superseded_by__code", "valid_from").get(),
        "mappings": sorted(CompetencyMapping.objects.values_list("status", "note")),
    }


class TestBundledImport:
    @pytest.fixture(autouse=True)
    def imported(self):
        self.report = frameworks_import_bundled()

    def test_report_counts_every_created_row(self):
        counts = {kind: (c.created, c.updated, c.unchanged) for kind, c in self.report.counts.items()}
        assert counts == {
            "frameworks": (3, 0, 0),
            "blocks": (10, 0, 0),
            "competencies": (32, 0, 0),
            "themes": (12, 0, 0),
            "evidence_types": (12, 0, 0),
            "mappings": (6, 0, 0),
        }

    def test_remn_2019_has_three_ccps_and_eleven_competencies(self):
        remn = Framework.objects.get(code="REMN-2019")
        assert list(remn.blocks.values_list("code", flat=True)) == ["CCP1", "CCP2", "CCP3"]
        assert remn.competencies.count() == 11
        assert list(remn.blocks.get(code="CCP1").competencies.values_list("code", flat=True)) == [
            "CP1",
            "CP2",
            "CP3",
            "CP4",
        ]

    def test_remn_2019_fields_and_successor(self):
        remn = Framework.objects.select_related("superseded_by").get(code="REMN-2019")
        assert (remn.kind, remn.rncp_code, remn.rncp_status, remn.level, remn.nsf) == (
            "title",
            "RNCP34137",
            "secondary",
            5,
            "320t",
        )
        assert remn.title_code == "TP-01336"
        assert remn.legal_text == "Arrêté du 8 février 2019 (NOR MTRD1904263A)"
        assert remn.valid_from == datetime.date(2019, 7, 13)
        assert remn.superseded_on == datetime.date(2025, 7, 13)
        assert remn.superseded_by.code == "MN-2025"

    def test_statuses_follow_the_flags(self):
        remn = Framework.objects.get(code="REMN-2019")
        assert set(remn.competencies.filter(block__code="CCP1").values_list("status", flat=True)) == {"verified"}
        assert set(remn.competencies.exclude(block__code="CCP1").values_list("status", flat=True)) == {"unverified"}
        mn = Framework.objects.get(code="MN-2025")
        assert (mn.rncp_code, mn.rncp_status, mn.former_title) == (
            "RNCP40695",
            "verified",
            "Responsable d'espace de médiation numérique",
        )
        assert mn.superseded_by is None

    def test_mn_2025_imports_ccp1_and_the_other_block_without_activity_type(self):
        mn = Framework.objects.get(code="MN-2025")
        blocks = {block.code: block for block in mn.blocks.all()}
        assert list(blocks) == ["CCP1", "OTHER"]
        assert (blocks["CCP1"].activity_type, blocks["CCP1"].status) == ("", "unverified")
        assert blocks["OTHER"].status == "unverified"
        assert blocks["OTHER"].activity_type.startswith("Accompagner les publics les plus éloignés")
        assert list(blocks["CCP1"].competencies.values_list("code", flat=True)) == ["CP1", "CP2", "CP3", "CP4", "CP5"]

    def test_pix_has_five_domains_sixteen_competences_and_levels_one_to_eight(self):
        pix = Framework.objects.get(code="PIX")
        assert (pix.kind, pix.level_min, pix.level_max) == ("digital_skills", 1, 8)
        assert list(pix.blocks.values_list("code", flat=True)) == ["1", "2", "3", "4", "5"]
        assert pix.competencies.count() == 16
        assert set(pix.competencies.values_list("status", flat=True)) == {"secondary"}
        assert pix.blocks.get(code="4").activity_type == "Protection et sécurité"
        assert pix.competencies.get(code="5.2").title == "Construire un environnement numérique"

    def test_frameworks_keep_the_file_order(self):
        assert list(Framework.objects.values_list("code", "sort_order")) == [
            ("REMN-2019", 0),
            ("MN-2025", 1),
            ("PIX", 2),
        ]

    def test_themes_map_source_statuses(self):
        themes = {theme.code: theme for theme in Theme.objects.all()}
        assert len(themes) == 12
        assert (themes["IA"].status, themes["IA"].source_status) == ("verified", "verified_official_theme")
        assert themes["CAFE_IA"].status == "verified"
        assert (themes["POSTURE"].status, themes["POSTURE"].source_status) == (
            "unverified",
            "brief_requested_unverified",
        )

    def test_evidence_types(self):
        assert EvidenceType.objects.count() == 12
        assert EvidenceType.objects.get(code="PMSMP").use == "recevabilite"

    def test_crosswalk_is_proposed(self):
        pairs = {
            (m.source.reference, m.target.reference): m.status
            for m in CompetencyMapping.objects.select_related(
                "source__framework", "source__block", "target__framework", "target__block"
            )
        }
        assert pairs == {
            ("REMN-2019/CCP1/CP3", "MN-2025/CCP1/CP1"): "proposed",
            ("REMN-2019/CCP1/CP3", "MN-2025/CCP1/CP2"): "proposed",
            ("REMN-2019/CCP1/CP1", "MN-2025/CCP1/CP3"): "proposed",
            ("REMN-2019/CCP1/CP2", "MN-2025/CCP1/CP3"): "proposed",
            ("REMN-2019/CCP1/CP2", "MN-2025/CCP1/CP4"): "proposed",
            ("REMN-2019/CCP1/CP4", "MN-2025/CCP1/CP4"): "proposed",
        }
        assert all(CompetencyMapping.objects.values_list("note", flat=True))


class TestIdempotentImport:
    def test_second_import_changes_nothing(self):
        frameworks_import_bundled()
        before = snapshot()
        report = frameworks_import_bundled()
        assert (report.created, report.updated) == (0, 0)
        assert report.counts["competencies"].unchanged == 32
        assert snapshot() == before

    def test_changed_fields_are_applied_without_duplicates(self):
        frameworks_import_bundled()
        data = bundled_data()
        data["referentials"][0]["blocks"][1]["competencies"][0].update(title="Diagnostic de territoire", verified=True)
        data["continuing_training_themes"][0]["title"] = "Parentalité et écrans"
        data["crosswalks"][0]["status"] = "confirmed"
        report = frameworks_import(data)
        assert report.counts["competencies"].updated == 1
        assert (report.counts["themes"].updated, report.counts["mappings"].updated, report.created) == (1, 1, 0)
        cp5 = Competency.objects.get(framework__code="REMN-2019", code="CP5")
        assert (cp5.title, cp5.status) == ("Diagnostic de territoire", "verified")
        assert Theme.objects.get(code="PARENTALITE").title == "Parentalité et écrans"
        assert CompetencyMapping.objects.filter(status="confirmed").count() == 1
        assert Competency.objects.count() == 32

    def test_successor_declared_before_it_exists_and_changed_later(self):
        data = bundled_data()
        data["referentials"].reverse()
        frameworks_import(data)
        assert Framework.objects.get(code="REMN-2019").superseded_by.code == "MN-2025"
        data["referentials"][1].pop("superseded_by")
        report = frameworks_import(data)
        assert Framework.objects.get(code="REMN-2019").superseded_by is None
        assert (report.counts["frameworks"].updated, report.counts["frameworks"].unchanged) == (1, 2)

    def test_a_competency_moved_to_another_block_follows(self):
        frameworks_import_bundled()
        data = bundled_data()
        moved = data["referentials"][0]["blocks"][2]["competencies"].pop()
        data["referentials"][0]["blocks"][1]["competencies"].append(moved)
        frameworks_import(data)
        assert Competency.objects.get(framework__code="REMN-2019", code="CP11").block.code == "CCP2"


def _set(path, value):
    """Return a change to one value of the data file, for a refusal case."""

    def alter(data):
        *parents, last = path
        target = data
        for key in parents:
            target = target[key]
        target[last] = value
        return data

    return alter


def _delete(path):
    """Return the removal of one key or item of the data file, for a refusal case."""

    def alter(data):
        *parents, last = path
        target = data
        for key in parents:
            target = target[key]
        del target[last]
        return data

    return alter


REFUSALS = {
    "top level is a list": (lambda data: data["referentials"], "top level: must be a mapping, not a list"),
    "empty file": (lambda data: None, "top level: must be a mapping, not null"),
    "missing referentials": (_delete(["referentials"]), 'top level: missing field "referentials"'),
    "competency without title": (
        _delete(["referentials", 1, "blocks", 0, "competencies", 2, "title"]),
        'referentials[1].blocks[0].competencies[2]: missing field "title"',
    ),
    "framework without code": (_delete(["referentials", 0, "code"]), 'referentials[0]: missing field "code"'),
    "block without code": (
        _delete(["referentials", 1, "blocks", 1, "code"]),
        'referentials[1].blocks[1]: missing field "code"',
    ),
    "empty title": (
        _set(["referentials", 0, "blocks", 0, "competencies", 0, "title"], "  "),
        'referentials[0].blocks[0].competencies[0]: missing field "title"',
    ),
    "string instead of a list": (
        _set(["referentials", 0, "blocks"], "CCP1"),
        'referentials[0]: field "blocks" must be a list, not a string',
    ),
    "string instead of an entry": (
        _set(["referentials", 0, "blocks", 0, "competencies", 1], "CP2"),
        "referentials[0].blocks[0].competencies[1]: must be a mapping, not a string",
    ),
    "number instead of a string": (
        _set(["referentials", 0, "title"], 12),
        'referentials[0]: field "title" must be a string, not an integer',
    ),
    "string instead of a boolean": (
        _set(["referentials", 0, "blocks", 0, "verified"], "yes"),
        'referentials[0].blocks[0]: field "verified" must be a boolean, not a string',
    ),
    "boolean instead of an integer": (
        _set(["referentials", 1, "level_cnc"], True),
        'referentials[1]: field "level_cnc" must be an integer, not a boolean',
    ),
    "date that does not parse": (
        _set(["referentials", 0, "valid_from"], "2019-13-45"),
        'referentials[0]: field "valid_from" must be a date (YYYY-MM-DD), not "2019-13-45"',
    ),
    "pix domain without title": (
        _delete(["pix_framework", "domains", 3, "title"]),
        'pix_framework.domains[3]: missing field "title"',
    ),
    "pix levels as a list": (
        _set(["pix_framework", "levels"], [1, 8]),
        'pix_framework: field "levels" must be a mapping, not a list',
    ),
    "unknown status": (
        _set(["continuing_training_themes", 2, "status"], "maybe"),
        'continuing_training_themes[2]: field "status" has an unknown value "maybe"',
    ),
    "evidence type without label": (
        _delete(["evidence_types", 4, "label"]),
        'evidence_types[4]: missing field "label"',
    ),
    "duplicate framework code": (
        _set(["referentials", 1, "code"], "REMN-2019"),
        'referentials[1]: duplicate value "REMN-2019" for field "code"',
    ),
    "duplicate block code": (
        _set(["referentials", 0, "blocks", 2, "code"], "CCP1"),
        'referentials[0].blocks[2]: duplicate value "CCP1" for field "code"',
    ),
    "duplicate competency code in another block": (
        _set(["referentials", 0, "blocks", 1, "competencies", 0, "code"], "CP1"),
        'referentials[0].blocks[1].competencies[0]: duplicate value "CP1" for field "code"',
    ),
    "duplicate theme code": (
        _set(["continuing_training_themes", 5, "code"], "IA"),
        'continuing_training_themes[5]: duplicate value "IA" for field "code"',
    ),
    "duplicate evidence type code": (
        _set(["evidence_types", 1, "code"], "ATTESTATION_EMPLOI"),
        'evidence_types[1]: duplicate value "ATTESTATION_EMPLOI" for field "code"',
    ),
    "duplicate mapping": (
        _set(["crosswalks", 1, "target"], "MN-2025/CCP1/CP1"),
        'crosswalks[1]: duplicate mapping for fields "source" and "target" (source "REMN-2019/CCP1/CP3")',
    ),
    "crosswalk to an unknown competency": (
        _set(["crosswalks", 5, "target"], "MN-2025/CCP1/CP9"),
        'crosswalks[5]: field "target" refers to an unknown competency "MN-2025/CCP1/CP9"',
    ),
    "crosswalk through the wrong block": (
        _set(["crosswalks", 0, "source"], "REMN-2019/CCP2/CP3"),
        'crosswalks[0]: field "source" refers to an unknown competency "REMN-2019/CCP2/CP3"',
    ),
    "crosswalk reference without block": (
        _set(["crosswalks", 0, "source"], "REMN-2019/CP3"),
        'crosswalks[0]: field "source" must be a reference FRAMEWORK/BLOCK/COMPETENCY, not "REMN-2019/CP3"',
    ),
    "crosswalk to itself": (
        _set(["crosswalks", 0, "target"], "REMN-2019/CCP1/CP3"),
        'crosswalks[0]: field "target" is the same competency as field "source"',
    ),
    "unknown successor": (
        _set(["referentials", 0, "superseded_by"], "MN-2030"),
        'referentials[0]: field "superseded_by" refers to an unknown framework "MN-2030"',
    ),
}


class TestRefusedImport:
    @pytest.mark.parametrize("alter, message", REFUSALS.values(), ids=REFUSALS.keys())
    def test_refused_with_the_entry_and_field_and_nothing_changed(self, alter, message):
        frameworks_import_bundled()
        before = snapshot()
        data = bundled_data()
        # Earlier entries carry changes too: a partial write would show in the snapshot.
        data["referentials"][0]["title"] = "Titre modifié"
        data["referentials"][0]["blocks"][0]["competencies"][0]["title"] = "Intitulé modifié"
        data["continuing_training_themes"].append({"code": "NOUVEAU", "title": "Nouveau thème"})
        data = alter(data)
        with pytest.raises(FrameworkDataError) as excinfo:
            frameworks_import(data)
        assert str(excinfo.value) == message
        assert snapshot() == before

    def test_value_refused_by_the_model_names_the_file_key(self):
        frameworks_import_bundled()
        before = snapshot()
        data = bundled_data()
        data["referentials"][0]["blocks"][0]["competencies"][0]["title"] = "Intitulé modifié"
        data["referentials"][1]["rncp"] = "RNCP" + "4" * 30
        with pytest.raises(FrameworkDataError, match=re.escape('referentials[1]: field "rncp" is invalid: ')):
            frameworks_import(data)
        assert snapshot() == before

    def test_not_yaml(self):
        with pytest.raises(FrameworkDataError) as excinfo:
            frameworks_load_yaml("referentials:\n  - code: [REMN\n")
        assert str(excinfo.value) == "not a YAML file (line 3, column 1)"


class TestImportFrameworksCommand:
    def test_prints_a_summary(self, tmp_path):
        stdout = io.StringIO()
        call_command("import_frameworks", stdout=stdout)
        output = stdout.getvalue()
        assert "Référentiels : 3 créé(s), 0 mis à jour, 0 inchangé(s)" in output
        assert "Compétences : 32 créé(s), 0 mis à jour, 0 inchangé(s)" in output
        assert "Import terminé : 75 création(s), 0 mise(s) à jour." in output
        stdout = io.StringIO()
        call_command("import_frameworks", stdout=stdout)
        assert "Import terminé : 0 création(s), 0 mise(s) à jour." in stdout.getvalue()

    def test_imports_the_given_file(self, tmp_path):
        path = tmp_path / "frameworks.yaml"
        path.write_text("referentials:\n  - code: TP-TEST\n    title: Titre de test\n    blocks: []\n")
        call_command("import_frameworks", str(path), stdout=io.StringIO())
        assert list(Framework.objects.values_list("code", flat=True)) == ["TP-TEST"]

    def test_bad_file_is_refused_with_its_message(self, tmp_path):
        path = tmp_path / "frameworks.yaml"
        path.write_text("referentials:\n  - code: TP-TEST\n    blocks: []\n")
        with pytest.raises(CommandError, match=re.escape('referentials[0]: missing field "title"')):
            call_command("import_frameworks", str(path))
        assert not Framework.objects.exists()

    def test_exits_non_zero_from_the_command_line(self, tmp_path, capsys):
        from django.core.management import ManagementUtility

        path = tmp_path / "frameworks.yaml"
        path.write_text("pas: [du YAML\n")
        with pytest.raises(SystemExit) as excinfo:
            ManagementUtility(["manage.py", "import_frameworks", str(path)]).execute()
        assert excinfo.value.code == 1
        assert "not a YAML file (line 2, column 1)" in capsys.readouterr().err

    def test_binary_file_is_refused(self, tmp_path):
        path = tmp_path / "frameworks.yaml"
        path.write_bytes(b"\xff\xfe\x00referentials")
        with pytest.raises(CommandError, match=re.escape("not a YAML file (not UTF-8 text)")):
            call_command("import_frameworks", str(path))

    def test_missing_file(self, tmp_path):
        with pytest.raises(CommandError, match="Lecture impossible de"):
            call_command("import_frameworks", str(tmp_path / "absent.yaml"))
