"""The portfolio app's part of the trust tests: a world extension and the authorisation matrix rows.

Merged by ``tests/trust_tests`` (``WORLD_EXTENSIONS.append(portfolio_world)`` in ``world.py`` and
``MATRIX.update(portfolio_matrix())`` at the end of ``matrix.py``).

Who may do what (from ``lms/portfolio/views`` and ``selectors``): the learner writes her own portfolio
(``owned_portfolio``); she and staff may read it, share it and export it (``managed_portfolio``); a jury
member reads it only through a live share addressed to them (``share_for_jury``); the verification
page of a finished PDF is public by its unguessable id.
"""

import hashlib
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone


def portfolio_world(world) -> None:
    """Add learner_a's portfolio (evidence, examples, a finished and a failed PDF, a live jury share) to the world."""
    from lms.portfolio.models import ExportStatus, PortfolioExport
    from lms.portfolio.services import (
        evidence_upload,
        portfolio_create,
        portfolio_honour_statement_sign,
        portfolio_share_create,
    )
    from tests.portfolio_tests.builders import make_pdf
    from tests.portfolio_tests.factories import expire, make_example, upload

    learner, other, jury = world.users["learner_a"], world.users["learner_b"], world.users["jury"]
    parts = world.framework
    in_a_month = timezone.localdate() + timedelta(days=30)

    portfolio = portfolio_create(user=learner, framework=parts["framework"])
    evidence = evidence_upload(portfolio=portfolio, uploaded_file=upload(), title="Fiche action")
    evidence_spare = evidence_upload(
        portfolio=portfolio, uploaded_file=upload("bilan.pdf"), title="Bilan (à supprimer)"
    )
    example = make_example(portfolio, block=parts["CCP1"], competencies=[parts["CP1"]], evidence=[evidence])
    example_spare = make_example(portfolio, block=parts["CCP1"], title="Exemple à supprimer")
    portfolio_honour_statement_sign(portfolio=portfolio, accepted=True)
    share = portfolio_share_create(portfolio=portfolio, jury_email=jury.email, expires_on=in_a_month, by=learner)

    pdf = make_pdf("Portfolio VAE")
    names = {"learner_name": learner.get_full_name(), "framework_title": parts["framework"].title}
    now = timezone.now()
    export_done = PortfolioExport.objects.create(
        portfolio=portfolio,
        status=ExportStatus.DONE,
        file=ContentFile(pdf, name="portfolio.pdf"),
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        pages=1,
        requested_by=learner,
        started_at=now,
        finished_at=now,
        **names,
    )
    export_failed = PortfolioExport.objects.create(
        portfolio=portfolio,
        status=ExportStatus.FAILED,
        error="La génération du PDF a échoué.",
        requested_by=learner,
        finished_at=now,
        **names,
    )

    # learner_b's portfolio, shared with the same jury member, whose share has expired.
    other_portfolio = portfolio_honour_statement_sign(
        portfolio=portfolio_create(user=other, framework=parts["framework"]), accepted=True
    )
    expired_share = expire(
        portfolio_share_create(portfolio=other_portfolio, jury_email=jury.email, expires_on=in_a_month, by=other)
    )

    world.extra.update(
        portfolio_a=portfolio,
        evidence_a=evidence,
        evidence_a_spare=evidence_spare,
        example_a=example,
        example_a_spare=example_spare,
        share_a=share,
        export_a_done=export_done,
        export_a_failed=export_failed,
        portfolio_b=other_portfolio,
        share_b_expired=expired_share,
    )


def portfolio_matrix() -> dict:
    """Return the matrix rows of every ``portfolio:`` URL."""
    from tests.trust_tests.matrix import at, case, everyone, nobody_finds, only, signed_in

    owner = only("learner_a")
    # The owner, and staff who help a candidate read, share and export it (``portfolio_for_manager``).
    manager = only("learner_a", "administrator")
    jury = only("jury")
    extra = lambda key: lambda w: w.extra[key].pk  # noqa: E731 - a one-line builder factory
    pk = extra("portfolio_a")
    token = lambda w: w.extra["share_a"].token  # noqa: E731
    done_id = lambda w: w.extra["export_a_done"].public_id  # noqa: E731
    failed_id = lambda w: w.extra["export_a_failed"].public_id  # noqa: E731
    return {
        # Each person's own portfolios (and the creation form): no identifier in the URL.
        "portfolio:list": [case(at("portfolio:list"), signed_in())],
        "portfolio:staff_search": [case(at("portfolio:staff_search", query="q=apprenante"), only("administrator"))],
        # « Mes données »: each person's own data, no identifier in the URL.
        "portfolio:my_data": [case(at("portfolio:my_data"), signed_in())],
        "portfolio:data_export": [case(at("portfolio:data_export"), signed_in(), method="post")],
        "portfolio:account_delete": [case(at("portfolio:account_delete"), signed_in(), label="form")],
        # Public by the unguessable id printed on the PDF; an unknown id is simply not found.
        "portfolio:verification": [
            case(at("portfolio:verification", public_id=done_id), everyone(), label="finished PDF"),
            case(at("portfolio:verification", public_id=failed_id), nobody_finds(), label="failed export"),
            case(at("portfolio:verification", public_id=lambda w: "inconnu"), nobody_finds(), label="unknown"),
        ],
        # The jury's own shares (an empty list for the others).
        "portfolio:jury_home": [case(at("portfolio:jury_home"), signed_in())],
        # Only the jury member named on a live share; an expired share refuses even them.
        "portfolio:jury_portfolio": [
            case(at("portfolio:jury_portfolio", token=token), jury, label="live share"),
            case(
                at("portfolio:jury_portfolio", token=lambda w: w.extra["share_b_expired"].token),
                only(),
                label="expired share",
            ),
        ],
        "portfolio:jury_pdf": [case(at("portfolio:jury_pdf", token=token), jury)],
        "portfolio:jury_file": [case(at("portfolio:jury_file", token=token, evidence_id=extra("evidence_a")), jury)],
        "portfolio:jury_competency": [
            case(
                at("portfolio:jury_competency", token=token, competency_id=lambda w: w.framework["CP1"].pk),
                jury,
                method="post",
                data=lambda w: {"value": "acquired", "comment": "Compétence bien étayée."},
            )
        ],
        "portfolio:jury_example_comment": [
            case(
                at("portfolio:jury_example_comment", token=token, example_id=extra("example_a")),
                jury,
                method="post",
                data=lambda w: {"body": "Exemple très concret."},
            )
        ],
        "portfolio:jury_notes": [
            case(
                at("portfolio:jury_notes", token=token),
                jury,
                method="post",
                data=lambda w: {"notes": "Dossier solide."},
            )
        ],
        # After the other jury rows: it publishes the feedback (once).
        "portfolio:jury_release": [case(at("portfolio:jury_release", token=token), jury, method="post")],
        # The learner's pages: read by the owner and staff, written by the owner only.
        "portfolio:detail": [case(at("portfolio:detail", pk=pk), manager)],
        "portfolio:coverage": [case(at("portfolio:coverage", pk=pk), manager)],
        "portfolio:honour_statement": [case(at("portfolio:honour_statement", pk=pk), owner)],
        "portfolio:feedback": [case(at("portfolio:feedback", pk=pk), owner)],
        "portfolio:collect": [case(at("portfolio:collect", pk=pk), owner, method="post")],
        "portfolio:evidence_upload": [case(at("portfolio:evidence_upload", pk=pk), owner)],
        "portfolio:evidence_file": [
            case(at("portfolio:evidence_file", pk=pk, evidence_id=extra("evidence_a")), manager)
        ],
        "portfolio:example_create": [case(at("portfolio:example_create", pk=pk), owner)],
        "portfolio:example_update": [case(at("portfolio:example_update", pk=pk, example_id=extra("example_a")), owner)],
        "portfolio:shares": [case(at("portfolio:shares", pk=pk), manager)],
        # PDF exports: the owner and staff.
        "portfolio:export_detail": [case(at("portfolio:export_detail", pk=pk, public_id=done_id), manager)],
        "portfolio:export_status": [case(at("portfolio:export_status", pk=pk, public_id=done_id), manager)],
        "portfolio:export_download": [case(at("portfolio:export_download", pk=pk, public_id=done_id), manager)],
        "portfolio:export_request": [case(at("portfolio:export_request", pk=pk), manager, method="post")],
        "portfolio:export_retry": [
            case(at("portfolio:export_retry", pk=pk, public_id=failed_id), manager, method="post")
        ],
        # Last: rows that delete or revoke (each on an object no earlier row needs).
        "portfolio:evidence_delete": [
            case(at("portfolio:evidence_delete", pk=pk, evidence_id=extra("evidence_a_spare")), owner, method="post")
        ],
        "portfolio:example_delete": [
            case(at("portfolio:example_delete", pk=pk, example_id=extra("example_a_spare")), owner, method="post")
        ],
        "portfolio:share_revoke": [
            case(at("portfolio:share_revoke", pk=pk, share_id=extra("share_a")), manager, method="post")
        ],
    }
