import re
from html.parser import HTMLParser

import pytest

from lms.portfolio import errors
from lms.portfolio.errors import PortfolioError
from lms.portfolio.models import PracticeExample
from lms.portfolio.sanitize import THREE_PAGE_BUDGET_CHARS
from lms.portfolio.services import practice_example_create, practice_example_update, rich_text_clean
from lms.portfolio.services.examples import MAX_RICH_TEXT_INPUT

from .factories import EXAMPLE_FIELDS, make_example
from .test_sanitize import XSS_PAYLOADS, assert_inert

pytestmark = pytest.mark.django_db
RICH_FIELDS = ("tasks", "means", "collaborators", "extra")


class _PageScanner(HTMLParser):
    """Collect what could run in a rendered page: scripts, event handlers, script URLs, embedding tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not (attributes.get("src") or "").startswith("/static/"):
            self.problems.append(f"inline script: {attrs}")
        if tag in {"iframe", "object", "embed", "svg", "math", "base", "style", "img", "frame"}:
            self.problems.append(f"<{tag}> {attrs}")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name} on <{tag}>")
            normalised = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if name in {"href", "src", "action", "formaction", "data"} and re.match(
                r"(java|vb|live)script:|data:", normalised
            ):
                self.problems.append(f"{name}={value!r} on <{tag}>")

    handle_startendtag = handle_starttag


def scan_page(html: str) -> list[str]:
    scanner = _PageScanner()
    scanner.feed(html)
    scanner.close()
    return scanner.problems


class TestPageScanner:
    @pytest.mark.parametrize(
        "html",
        [
            "<script>alert(1)</script>",
            '<img src="x" onerror="alert(1)">',
            '<a href=" javascript:alert(1)">x</a>',
            "<svg></svg>",
        ],
    )
    def test_scanner_flags_active_content(self, html):
        # The page checks are only as good as this oracle: it must catch raw payloads.
        assert scan_page(html) != []


class TestRichTextClean:
    def test_plain_text_paragraphs_and_line_breaks_are_kept(self):
        assert (
            rich_text_clean("Premier paragraphe\nsuite\n\nDeuxième")
            == "<p>Premier paragraphe<br>suite</p><p>Deuxième</p>"
        )

    def test_markup_is_reduced_to_the_allowlist(self):
        assert rich_text_clean('<p onclick="x()">a <strong>b</strong><img src="file:///etc/passwd"></p>') == (
            "<p>a <strong>b</strong></p>"
        )

    def test_is_stable(self):
        once = rich_text_clean("Ligne 1\nLigne 2\n\n<em>fin</em>")
        assert rich_text_clean(once) == once


class TestPracticeExampleCreate:
    def test_stores_sanitised_html_and_the_visible_length(self, portfolio, titles):
        example = make_example(
            portfolio,
            block=titles["REMN"]["CCP1"],
            competencies=[titles["REMN"]["CP1"]],
            tasks='<p>Atelier <a href="javascript:alert(1)">lien</a><script>alert(1)</script></p>',
        )

        example.refresh_from_db()
        assert example.tasks == '<p>Atelier <a rel="noopener noreferrer nofollow">lien</a></p>'
        expected = sum(
            len(EXAMPLE_FIELDS[name]) for name in ("title", "context_structure", "context_service", "context_period")
        )
        expected += (
            len("Atelier lien")
            + len("Six ordinateurs, un vidéoprojecteur.")
            + len("La référente familles du centre social.")
        )
        assert example.text_length == expected
        assert list(example.competencies.all()) == [titles["REMN"]["CP1"]]
        assert example.sort_order == 1

    @pytest.mark.parametrize("payload", XSS_PAYLOADS)
    def test_every_xss_payload_is_neutralised_on_the_way_in(self, portfolio, titles, payload):
        example = make_example(
            portfolio,
            block=titles["REMN"]["CCP1"],
            title=f"Titre {payload}"[:255],
            **{name: f"<p>Texte</p>{payload}" for name in RICH_FIELDS},
        )

        stored = PracticeExample.objects.get(pk=example.pk)
        for name in RICH_FIELDS:
            value = getattr(stored, name)
            assert_inert(value)
            assert value.startswith("<p>Texte</p>")
        # The title is plain text: stored as typed, escaped wherever it is shown.
        assert stored.title == f"Titre {payload}"[:255].strip()

    def test_refuses_a_block_of_another_title(self, portfolio, titles):
        with pytest.raises(PortfolioError) as refused:
            make_example(portfolio, block=titles["MN"]["CCP1"])

        assert refused.value.message == errors.BLOCK_OTHER_TITLE
        assert str(refused.value.message) == "Choisissez une activité type (CCP) du titre visé par ce portfolio."
        assert PracticeExample.objects.count() == 0

    def test_refuses_a_competency_of_another_title(self, portfolio, titles):
        with pytest.raises(PortfolioError) as refused:
            make_example(portfolio, block=titles["REMN"]["CCP1"], competencies=[titles["MN"]["CP1"]])

        assert str(refused.value.message) == "Choisissez des compétences du titre visé par ce portfolio."
        assert PracticeExample.objects.count() == 0

    def test_a_field_that_sanitises_to_nothing_counts_as_empty(self, portfolio, titles):
        with pytest.raises(PortfolioError) as refused:
            make_example(portfolio, block=titles["REMN"]["CCP1"], tasks="<script>alert(1)</script>")

        assert str(refused.value.message) == (
            "Renseignez « tâches ou opérations effectuées et conditions de réalisation »."
        )
        assert refused.value.field == "tasks"
        assert PracticeExample.objects.count() == 0

    def test_refuses_oversized_input_before_sanitising(self, portfolio, titles):
        with pytest.raises(PortfolioError) as refused:
            make_example(portfolio, block=titles["REMN"]["CCP1"], means="a" * (MAX_RICH_TEXT_INPUT + 1))

        assert str(refused.value.message) == "Le texte « moyens et outils utilisés » dépasse 20000 caractères."
        assert PracticeExample.objects.count() == 0

    def test_over_budget_is_flagged_not_refused(self, portfolio, titles):
        example = make_example(portfolio, block=titles["REMN"]["CCP1"], tasks="<p>" + "mot " * 2500 + "</p>")

        assert example.text_length > THREE_PAGE_BUDGET_CHARS
        assert example.over_budget
        assert example.budget_percent > 100


class TestPracticeExampleUpdate:
    def test_update_sanitises_too(self, portfolio, titles):
        example = make_example(portfolio, block=titles["REMN"]["CCP1"])

        practice_example_update(
            example=example,
            block=titles["REMN"]["CCP2"],
            competencies=[titles["REMN"]["CP5"]],
            extra='<p>Bilan</p><iframe src="https://example.org"></iframe>',
        )

        example.refresh_from_db()
        assert example.extra == "<p>Bilan</p>"
        assert example.block == titles["REMN"]["CCP2"]
        assert example.title == EXAMPLE_FIELDS["title"]

    def test_refused_update_changes_nothing(self, portfolio, titles):
        example = make_example(portfolio, block=titles["REMN"]["CCP1"])

        with pytest.raises(PortfolioError):
            practice_example_update(example=example, block=titles["REMN"]["CCP1"], title="  ")

        example.refresh_from_db()
        assert example.title == EXAMPLE_FIELDS["title"]


class TestRenderedPages:
    def test_no_payload_survives_in_any_page(self, portfolio, titles, jury_member, client):
        from datetime import timedelta

        from django.utils import timezone

        from lms.portfolio.services import portfolio_honour_statement_sign, portfolio_share_create

        for payload in XSS_PAYLOADS:
            practice_example_create(
                portfolio=portfolio,
                block=titles["REMN"]["CCP1"],
                competencies=[titles["REMN"]["CP1"]],
                title=f"Titre {payload}"[:255],
                context_structure=f"Structure {payload}"[:200],
                context_period="2025",
                **{name: f"<p>Texte</p>{payload}" for name in RICH_FIELDS},
            )
        portfolio_honour_statement_sign(portfolio=portfolio, accepted=True)
        share = portfolio_share_create(
            portfolio=portfolio,
            jury_email=jury_member.email,
            expires_on=timezone.localdate() + timedelta(days=5),
            by=portfolio.user,
        )
        client.force_login(portfolio.user)
        example = portfolio.examples.first()
        pages = {
            "detail": client.get(portfolio.get_absolute_url()),
            "coverage": client.get(f"/portfolio/{portfolio.pk}/couverture/"),
            "edit": client.get(f"/portfolio/{portfolio.pk}/exemples/{example.pk}/"),
        }
        client.force_login(jury_member)
        pages["jury"] = client.get(f"/portfolio/jury/{share.token}/")

        for name, response in pages.items():
            assert response.status_code == 200, name
            assert scan_page(response.content.decode()) == [], name
        assert pages["detail"].content.decode().count("<p>Texte</p>") >= len(XSS_PAYLOADS) * 3
