"""Build the portfolio PDF, shaped like the dossier professionnel, and the roots the renderer may read.

Learner HTML is sanitised again here (``portfolio_rich`` in the template) even though the services
store it sanitised: the PDF must not depend on every past write having gone through them. Snapshot
values are plain text, escaped by the template engine; only ``http``/``https`` verification URLs
become links. The renderer may read the static directory, this portfolio's private directory and the
bundled fonts, nothing else (``lms.portfolio.pdf.render_pdf``).
"""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import Portfolio
from .selectors import portfolio_overview
from .storage import portfolio_directory, private_media_root


def allowed_roots(*, portfolio: Portfolio) -> list[Path]:
    """Return the directories the renderer may read for ``portfolio`` (fonts are always added)."""
    roots = [portfolio_directory(portfolio.storage_key)]
    static_root = getattr(settings, "STATIC_ROOT", None)
    if static_root:
        roots.insert(0, Path(static_root))
    return roots


def verification_url(export) -> str:
    """Return the absolute URL of an export's public verification page (printed on the cover)."""
    return f"{settings.SITE_URL.rstrip('/')}{reverse('portfolio:verification', args=[export.public_id])}"


def portfolio_document_context(*, portfolio: Portfolio, export=None) -> dict:
    overview = portfolio_overview(portfolio=portfolio)
    user = portfolio.user
    root = private_media_root().resolve()
    images = {item.pk: str(root / item.file.name) for item in overview.uploads if item.is_image and item.file.name}
    return {
        "portfolio": portfolio,
        "framework": portfolio.framework,
        "learner_name": user.get_full_name() or user.email,
        "overview": overview,
        "images": images,
        "generated_at": timezone.now(),
        "verification_url": verification_url(export) if export is not None else "",
    }


def portfolio_document_html(*, portfolio: Portfolio, export=None) -> str:
    """Return the HTML of the portfolio PDF (cover, contents, examples per CCP, matrix, annexes)."""
    return render_to_string(
        "portfolio/pdf/dossier.html", portfolio_document_context(portfolio=portfolio, export=export)
    )
