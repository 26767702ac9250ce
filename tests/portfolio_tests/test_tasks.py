"""The Celery tasks, end to end: PDF export (including hostile content) and evidence collection."""

import logging
import re
import time

import pytest
from django.utils import timezone

from lms.portfolio.documents import allowed_roots
from lms.portfolio.models import EvidenceCompetency, EvidenceItem, EvidenceSource, ExportStatus, PracticeExample
from lms.portfolio.services import (
    portfolio_evidence_refresh_enqueue,
    portfolio_export_request,
    practice_example_create,
)
from lms.portfolio.tasks import collect_all_evidence, collect_evidence, export_pdf

from . import test_pdf as open_spy
from .builders import image_xobjects, page_texts, write_png
from .factories import EXAMPLE_FIELDS, complete_course, make_course_for, make_example, sha256
from .test_pdf import PASSWD_MARKER

pytestmark = pytest.mark.django_db


def run_export_task(portfolio) -> tuple[object, list[str]]:
    """Queue an export, run the task, and return the export and every file opened meanwhile."""
    export = portfolio_export_request(portfolio=portfolio, by=portfolio.user)
    open_spy._opened = []
    try:
        status = export_pdf.apply(args=[export.pk]).get()
    finally:
        opened, open_spy._opened = open_spy._opened, None
    export.refresh_from_db()
    assert status == export.status
    return export, opened


class TestExportPdfTask:
    def test_user_content_never_makes_the_renderer_read_a_file_or_fetch_a_url(
        self,
        portfolio,
        titles,
        http_server,
        tmp_path,
        caplog,  # noqa: F811
    ):
        base_url, hits = http_server
        secret = tmp_path / "outside" / "secret.png"
        write_png(secret)
        hostile = (
            f'<p>Texte</p><img src="file:///etc/passwd"><img src="{base_url}/remote.png">'
            f'<link rel="stylesheet" href="{base_url}/style.css"><style>@import url({base_url}/import.css);</style>'
            f'<img src="{secret}"><a href="file:///etc/passwd">lien</a>'
        )
        # 1. Through the service: sanitised on the way in.
        example = make_example(portfolio, block=titles["REMN"]["CCP1"], tasks=hostile, extra=hostile)
        # 2. Bypassing the service (an import, an admin edit): the PDF template sanitises again.
        PracticeExample.objects.filter(pk=example.pk).update(
            means=f'<img src="file:///etc/passwd"><img src="{base_url}/bypass.png"><p>Moyens</p>',
            collaborators=f'<div style="background-image: url({base_url}/bg.png)">Équipe</div>',
        )
        # 3. Snapshot fields are data written by code, never markup: they are escaped, links kept only if http(s).
        item = EvidenceItem.objects.create(
            portfolio=portfolio,
            source_type=EvidenceSource.BADGE,
            source_id="hostile",
            snapshot={
                "title": '<img src="file:///etc/passwd">',
                "subtitle": f'<link rel="stylesheet" href="{base_url}/snapshot.css">',
                "organisation": f'<img src="{base_url}/organisation.png">',
                "description": f"<style>@import url({base_url}/description.css);</style>",
                "feedback": f'<img src="{secret}">',
                "verification_url": "file:///etc/passwd",
                "rubric": [{"criterion": f'<img src="{base_url}/rubric.png">', "level": "x", "points": "1"}],
                "competencies": [{"block": "CCP1", "code": f'<img src="{base_url}/code.png">', "title": "x"}],
            },
        )
        EvidenceCompetency.objects.create(evidence=item, competency=titles["REMN"]["CP1"])
        # 4. A forged file path on an "image" evidence item: the renderer's roots refuse it.
        EvidenceItem.objects.create(
            portfolio=portfolio,
            source_type=EvidenceSource.UPLOAD,
            source_id="forged",
            snapshot={"title": "Photo"},
            file="portfolio/../../../../../../../etc/passwd",
            file_name="passwd.png",
            file_mime="image/png",
            people_consent_at=timezone.now(),
        )

        with caplog.at_level(logging.WARNING, logger="lms.portfolio.pdf"):
            export, opened = run_export_task(portfolio)

        assert export.status == ExportStatus.DONE
        with export.file.open("rb") as handle:
            data = handle.read()
        text = re.sub(r"\s+", " ", "\n".join(page_texts(data)))
        assert hits == []
        assert "/etc/passwd" not in opened
        assert str(secret) not in opened
        assert PASSWD_MARKER not in data and "root:x:0" not in text
        assert image_xobjects(data) == 0
        # The snapshot's markup is shown as the text it is.
        assert '<img src="file:///etc/passwd">' in text
        assert "Vérification : file:" not in text
        assert "Texte" in text and "Moyens" in text and "Équipe" in text
        refused = {record.args[0] for record in caplog.records if record.name == "lms.portfolio.pdf"}
        assert any(uri.endswith("etc/passwd") for uri in refused)
        roots = [str(root) for root in allowed_roots(portfolio=portfolio)]
        assert roots[-1].endswith(f"portfolio/{portfolio.storage_key}")

    def test_the_recorded_sha256_is_the_stored_file_hash(self, portfolio, titles):
        make_example(portfolio, block=titles["REMN"]["CCP1"])

        export, _opened = run_export_task(portfolio)

        with export.file.open("rb") as handle:
            assert export.sha256 == sha256(handle.read())

    def test_export_time_for_40_evidence_items_and_10_examples(self, portfolio, titles, record_property):
        remn = titles["REMN"]
        paragraph = "<p>" + "J'ai accompagné des habitant·es dans leurs démarches en ligne, pas à pas. " * 12 + "</p>"
        for number in range(10):
            practice_example_create(
                portfolio=portfolio,
                block=remn["CCP1"] if number % 2 else remn["CCP2"],
                competencies=[remn["CP1"], remn["CP3"]],
                **{**EXAMPLE_FIELDS, "title": f"Exemple {number}", "tasks": paragraph * 4, "means": paragraph},
            )
        for number in range(40):
            item = EvidenceItem.objects.create(
                portfolio=portfolio,
                source_type=EvidenceSource.COURSE_COMPLETION,
                source_id=str(number),
                snapshot={
                    "title": f"Module de formation {number}",
                    "subtitle": "Attestation de fin de formation",
                    "date": "2025-03-12",
                    "hours": "7",
                    "organisation": "Les Ateliers du Lien",
                    "verification_url": f"https://tremplin.example/attestations/{number}/",
                    "competencies": [
                        {"block": "CCP1", "code": "CP1", "title": "Élaborer", "learner_status_label": "démontré"}
                    ],
                },
            )
            EvidenceCompetency.objects.create(evidence=item, competency=remn["CP1"])

        started = time.perf_counter()
        export, _opened = run_export_task(portfolio)
        elapsed = time.perf_counter() - started

        record_property("export_seconds", round(elapsed, 2))
        print(
            f"\nPDF export, 40 evidence items + 10 examples: {elapsed:.2f} s, {export.pages} pages, {export.size} bytes"
        )
        assert export.status == ExportStatus.DONE
        assert export.pages >= 20
        assert elapsed < 120


class TestCollectTasks:
    def test_an_event_queues_a_collection_for_the_learner(
        self, portfolio, titles, site, django_capture_on_commit_callbacks
    ):
        complete_course(portfolio.user, make_course_for(site, competencies=[titles["REMN"]["CP1"]]))

        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            portfolio_evidence_refresh_enqueue(user_id=portfolio.user_id)

        assert len(callbacks) == 1
        assert EvidenceItem.objects.filter(portfolio=portfolio).count() == 1

    def test_collect_evidence_task_is_idempotent(self, portfolio, titles, site):
        complete_course(portfolio.user, make_course_for(site, competencies=[titles["REMN"]["CP1"]]))

        assert collect_evidence.apply(args=[portfolio.pk]).get() == 1
        assert collect_evidence.apply(args=[portfolio.pk]).get() == 0
        assert collect_evidence.apply(args=[0]).get() == 0

    def test_nightly_sweep_covers_every_active_portfolio(self, portfolio):
        assert collect_all_evidence.apply().get() == 1
