from pathlib import Path

import pytest
from django.conf import settings

from lms.portfolio.errors import PortfolioError
from lms.portfolio.models import EvidenceItem, EvidenceSource
from lms.portfolio.services import evidence_delete, evidence_upload
from lms.portfolio.storage import private_storage

from .factories import photo, upload

pytestmark = pytest.mark.django_db


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


class TestEvidenceUpload:
    def test_stores_the_file_privately_under_a_random_name(self, portfolio, titles, private_media):
        item = evidence_upload(
            portfolio=portfolio,
            uploaded_file=upload("Fiche atelier n°1 (v2).PDF"),
            title="Fiche action de l'atelier",
            competencies=[titles["REMN"]["CP1"]],
        )

        path = Path(item.file.path)
        assert path.is_relative_to(Path(private_media).resolve() / "portfolio" / portfolio.storage_key / "evidence")
        assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
        assert "Fiche" not in path.name and path.suffix == ".pdf" and len(path.stem) == 24
        assert item.file_name == "Fiche_atelier_n1_v2.pdf"
        assert item.file_mime == "application/pdf"
        assert item.source_type == EvidenceSource.UPLOAD
        assert item.snapshot["title"] == "Fiche action de l'atelier"
        assert item.snapshot["competencies"][0]["reference"] == "REMN-2019/CCP1/CP1"
        assert list(item.competency_links.values_list("competency_id", flat=True)) == [titles["REMN"]["CP1"].pk]
        assert item.people_consent_at is None

    def test_private_files_have_no_public_url(self):
        with pytest.raises(ValueError, match="no public URL"):
            private_storage().url("portfolio/x/evidence/y.pdf")

    def test_a_photo_needs_the_consent_of_the_people_on_it(self, portfolio, private_media):
        with pytest.raises(PortfolioError) as refused:
            evidence_upload(portfolio=portfolio, uploaded_file=photo(), title="Photo de l'atelier")

        assert (
            str(refused.value.message)
            == "Cochez « J'ai l'accord des personnes photographiées » pour déposer une photo."
        )
        assert refused.value.field == "people_consent"
        assert EvidenceItem.objects.count() == 0
        assert stored_files(private_media) == []

    def test_a_photo_with_consent_is_stored_with_the_declaration_date(self, portfolio):
        item = evidence_upload(
            portfolio=portfolio, uploaded_file=photo(), title="Photo de l'atelier", people_consent=True
        )

        assert item.is_image and item.file_mime == "image/jpeg"
        assert item.people_consent_at is not None

    def test_a_refused_file_stores_nothing(self, portfolio, private_media):
        page = upload("page.pdf", data=b"<html><script>alert(1)</script></html>", content_type="application/pdf")

        with pytest.raises(PortfolioError) as refused:
            evidence_upload(portfolio=portfolio, uploaded_file=page, title="Page")

        assert str(refused.value.message) == "Pages web, images SVG et scripts refusés : ils peuvent contenir du code."
        assert refused.value.field == "file"
        assert EvidenceItem.objects.count() == 0
        assert stored_files(private_media) == []

    def test_competencies_of_another_title_are_refused(self, portfolio, titles):
        with pytest.raises(PortfolioError) as refused:
            evidence_upload(portfolio=portfolio, uploaded_file=upload(), title="x", competencies=[titles["MN"]["CP1"]])

        assert str(refused.value.message) == "Choisissez des compétences du titre visé par ce portfolio."
        assert EvidenceItem.objects.count() == 0


class TestEvidenceDelete:
    def test_deletes_the_row_and_then_the_file(self, portfolio, django_capture_on_commit_callbacks):
        item = evidence_upload(portfolio=portfolio, uploaded_file=upload(), title="Fiche")
        path = Path(item.file.path)

        with django_capture_on_commit_callbacks(execute=True):
            evidence_delete(evidence=item)

        assert not EvidenceItem.objects.exists()
        assert not path.exists()

    def test_collected_evidence_cannot_be_deleted(self, portfolio):
        item = EvidenceItem.objects.create(
            portfolio=portfolio, source_type=EvidenceSource.BADGE, source_id="x", snapshot={"title": "Badge"}
        )

        with pytest.raises(PortfolioError) as refused:
            evidence_delete(evidence=item)

        assert str(refused.value.message) == "Seuls les justificatifs que vous avez déposés peuvent être supprimés."
        assert EvidenceItem.objects.filter(pk=item.pk).exists()
