"""The whole XSS corpus through every field people write that earlier tests do not cover.

Each payload of ``tests/portfolio_tests/xss_payloads.txt`` is typed through the real path a person
uses (a site form, or a Wagtail admin create/edit view, posted by the test client as the right
role), then every page that shows the field is fetched. On each page the test asserts that:

* the value is shown, escaped (``django.utils.html.escape(typed)`` is in the HTML), so the check can
  fail and the words are kept;
* the value typed never appears raw (when escaping changes it);
* the page holds no active content at all (``active_content``: payload scripts, event handler
  attributes, ``javascript:``/``vbscript:``/``data:text/html`` URLs, frames, objects, ``<base>``,
  refresh ``<meta>``, CSS expressions). Pages are scanned whole, so the check also stands for a
  payload mangled by a half-escaping bug.

JSON documents must parse, and each text must come back as the same string.

Fields covered (``[P]`` = one object or one write per payload; ``[L]`` = a multi-line field holding
the corpus, one payload per line):

1. Cohort name — created by a trainer (``/organisme/<org>/sessions-de-formation/nouvelle/``) and
   renamed (``/organisme/sessions-de-formation/<id>/modifier/``) [P]; shown on ``/organisme/``, the
   cohort page, its edit form, the learner dashboard ``/mon-parcours/`` and the admin listing
   ``/admin/parcours/sessions-de-formation/``.
2. Live session title, description, place [P] and video link (``/organisme/<org>/direct/nouvelle/``,
   trainer); shown on ``/sessions/``, ``/sessions/<id>/`` (the link while the session runs), the
   organisation page and ``/admin/parcours/sessions-en-direct/``. A hostile link is refused or kept
   inside a quoted, escaped ``href``.
3. Badge class name, description, criteria, image alternative text (``/admin/badges/classes/new/``,
   author) [P], and the manual award narrative (``/badges/attribuer/``, trainer) [P]; shown on the
   assertion page ``/badges/assertions/<uuid>/``, ``/badges/mes-badges/``, the dashboard, the award
   page, ``/admin/badges/classes/``, ``/badges/classes/<id>.json`` and
   ``/badges/assertions/<uuid>.json``. Also the issuer's description [L]
   (``/admin/badges/emetteurs/edit/<id>/``) and a revocation reason [P] (``/badges/assertions/<uuid>/revoquer/``).
4. Question prompt, explanation, choice texts and choice feedback (``/admin/snippets/assessments/question/add/``,
   author) [P]; shown on the quiz (the assessment page), the results page
   ``/evaluations/tentative/<id>/resultats/``, the grading page and ``/admin/snippets/assessments/question/``.
   The trainer's grading feedback and regrading reason (``/evaluations/correction/<id>/``) [P]:
   results page and the grading page's history; then collected in the learner's portfolio
   (detail page, the xhtml2pdf input HTML and the PDF text through ``pdftotext``).
5. Jury competency comments and example comments [P], overall notes [L] (``/portfolio/jury/<token>/…``,
   jury member); shown on the jury page and, once released, on ``/portfolio/<id>/avis-du-jury/``.
   The jury PDF is the candidate's own export and shows no jury text (nothing to check there).
6. Live series title and description (``/admin/parcours/cycles/new/``, administrator) [P]; the title on
   the series' edit form, ``/sessions/``, ``/sessions/<id>/`` (the session is moved into each series), the
   learner's dashboard (a registered session), ``/admin/parcours/cycles/``, the series filter of
   ``/admin/parcours/sessions-en-direct/`` and the series choice of the trainer's session form; the
   description on the edit form (the only page that shows it).
7. Cohort CSV import (``/organisme/sessions-de-formation/<id>/import/``, trainer): names [P], valid
   e-mail addresses holding the payload in a quoted local part (``"00 <script>…"@exemple.fr``) [P] and
   the file name, on the dry-run report, the import status page ``/organisme/imports/<id>/`` once
   confirmed (the worker runs eagerly) and the cohort page (names, structures); a second file of invalid
   addresses and unknown département codes [P], quoted back in each line's error on the refused report.
8. Issuer name (``/admin/badges/emetteurs/edit/<id>/``, administrator) [P]; shown on the assertion page,
   ``/badges/mes-badges/``, the dashboard, ``/admin/badges/emetteurs/``, ``/badges/issuers/<id>.json`` and
   ``/badges/issuers/<id>/profile.json``.
9. Organisation name, created (``/admin/organisations/new/``, administrator) [P]: ``/admin/organisations/``
   and the issuer JSON of the organisation's new issuer (``issuer_ensure``, as on its first badge class);
   renamed (``/admin/organisations/edit/<id>/``) [P]: the anonymous catalogue, organisation section and
   course pages, which are in the page cache before the first rename and must be rendered again (never
   the old entry) on the next anonymous request after each rename, then served from the cache; the
   organisation space ``/organisme/``, the cohort page, ``/sessions/`` and ``/sessions/<id>/``, the
   trainer's ``/compte/profil/``, the pages API (``organisation_name``), and an attestation issued after
   the rename (its public page; the PDF text through ``pdftotext`` for one rename in thirty).
Not covered here: e-mails (plain text); the organisation name as copied into portfolio evidence items
(from courses and live sessions) and the portfolio PDF, which this file does not rename.
"""

import csv
import io
import json
import re
import shutil
import subprocess
from datetime import timedelta
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

pytestmark = pytest.mark.django_db

PAYLOADS_FILE = Path(__file__).resolve().parents[1] / "portfolio_tests" / "xss_payloads.txt"
# The same reading as tests/portfolio_tests/test_sanitize.py: "# " starts a comment line.
XSS_PAYLOADS = [
    line for line in PAYLOADS_FILE.read_text(encoding="utf-8").split("\n") if line.strip() and not line.startswith("# ")
]

ACTIVE_TAGS = {"iframe", "object", "embed", "frame", "frameset", "base", "isindex", "marquee", "xss", "x", "math"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "background", "dynsrc", "lowsrc", "xlink:href"}
BAD_SCHEME_RE = re.compile(r"^(?:(?:java|vb|live)script:|data:(?:text/html|image/svg))")


# The script types a browser runs (an empty type is JavaScript); any other type is an inert data block.
RUNNABLE_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}


class _ActiveContent(HTMLParser):
    """Collect what could run in a page: payload scripts, handlers, script URLs, frames, CSS tricks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in: str | None = None
        self._script_runs = True

    def handle_starttag(self, tag, attrs):
        if tag in ACTIVE_TAGS:
            self.problems.append(f"<{tag}> {attrs}")
        if tag == "meta" and any(name == "http-equiv" for name, _value in attrs):
            self.problems.append(f"<meta> {attrs}")
        for name, value in attrs:
            # HTMLParser has already decoded entities; browsers also drop controls and spaces in a scheme.
            normalised = re.sub(r"[\x00-\x20`'\"]", "", unescape(value or "")).lower()
            if name.startswith("on"):
                self.problems.append(f"event handler {name} on <{tag}>")
            if name in URL_ATTRIBUTES and BAD_SCHEME_RE.match(normalised):
                self.problems.append(f"{name}={value!r} on <{tag}>")
            if name == "srcdoc" or (name == "style" and re.search(r"expression\(|javascript:|behavior:", normalised)):
                self.problems.append(f"{name}={value!r} on <{tag}>")
            if tag == "script" and name == "src" and "xss" in normalised:
                self.problems.append(f"script src={value!r}")
        if tag in ("script", "style"):
            self._in = tag
        if tag == "script":
            # A data block (Wagtail's admin config: JSON holding a random CSRF token, which may spell
            # "xss") is never run by a browser; only script types are checked.
            script_type = (dict(attrs).get("type") or "").strip().lower()
            self._script_runs = script_type in RUNNABLE_SCRIPT_TYPES

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        lowered = data.lower()
        if self._in == "script" and self._script_runs and ("alert" in lowered or "xss" in lowered):
            self.problems.append(f"inline script {data[:80]!r}")
        if self._in == "style" and ("javascript:" in lowered or "@import" in lowered or "xss" in lowered):
            self.problems.append(f"style {data[:80]!r}")


def active_content(html: str) -> list[str]:
    scanner = _ActiveContent()
    scanner.feed(html)
    scanner.close()
    return scanner.problems


def assert_shown_escaped(html: str, typed: str, where: str) -> None:
    """``typed`` is on the page as text (escaped), and never as the markup typed."""
    shown = escape(typed)
    assert shown in html, f"{where}: {typed!r} is not shown (escaped) on the page"
    if shown != typed:
        assert typed not in html, f"{where}: {typed!r} is rendered unescaped"


def assert_no_active_content(html: str, where: str) -> None:
    assert active_content(html) == [], where


def get_ok(client: Client, url: str, *, status: int = 200, **kwargs) -> str:
    response = client.get(url, **kwargs)
    assert response.status_code == status, (url, response.status_code)
    html = response.content.decode()
    assert_no_active_content(html, url)
    return html


def admin_listing(client: Client, url: str, *, count: int) -> str:
    """Return every page of an admin listing of ``count`` objects or more, concatenated."""
    pages, number = [], 1
    while True:
        response = client.get(url, {"p": number})
        if response.status_code != 200 or (number > 1 and response.content.decode() == pages[-1]):
            break
        html = response.content.decode()
        assert_no_active_content(html, f"{url}?p={number}")
        pages.append(html)
        if number * 20 >= count + 40:
            break
        number += 1
    return "\n".join(pages)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def fit(text: str, max_length: int) -> str:
    """What a form keeps of ``text`` typed in a field of ``max_length``: cut, then stripped."""
    return text[:max_length].strip()


def numbered(prefix: str, max_length: int | None = None) -> list[str]:
    values = [f"{prefix}{index:02d} {payload}" for index, payload in enumerate(XSS_PAYLOADS)]
    return [fit(value, max_length) for value in values] if max_length else values


def corpus_lines(prefix: str) -> str:
    return "\n".join(numbered(prefix))


class TestCorpusAndOracle:
    def test_the_corpus_holds_enough_payloads(self):
        assert len(XSS_PAYLOADS) >= 50

    def test_the_scanner_catches_the_raw_payloads(self):
        # The page checks are only as good as this oracle: it must flag the payloads left raw.
        flagged = [payload for payload in XSS_PAYLOADS if active_content(f"<div>{payload}</div>")]
        assert len(flagged) >= 60, set(XSS_PAYLOADS) - set(flagged)
        for raw in ("<script>alert(1)</script>", '<img src=x onerror="alert(1)">', '<a href="javascript:x">y</a>'):
            assert active_content(raw)
        assert active_content("<p>texte &lt;script&gt;alert(1)&lt;/script&gt;</p>") == []

    def test_the_scanner_ignores_data_blocks_but_not_scripts(self):
        # Wagtail's admin config is JSON with a random CSRF token, which once spelt "7xSS": not a script.
        token = '{"CSRF_TOKEN": "ALALKNUNaPQGuSfqnp7xSSDAp0"}'
        assert active_content(f'<script type="application/json" id="wagtail-config">{token}</script>') == []
        assert active_content(f"<script>{token}</script>") != []
        assert active_content('<script type="module">alert(1)</script>') != []

    def test_the_escape_check_fails_on_raw_markup(self):
        with pytest.raises(AssertionError):
            assert_shown_escaped("<p><script>alert(1)</script></p>", "<script>alert(1)</script>", "oracle")
        with pytest.raises(AssertionError):
            assert_shown_escaped("<p>autre chose</p>", "<b>x</b>", "oracle")


class TestCohortNames:
    def test_created_and_renamed_cohorts(self, world):
        from lms.learning.models import Cohort, Enrolment

        trainer, learner = world.user("trainer_x"), world.user("learner_b")
        staff, admin, learner_client = client_for(trainer), client_for(world.user("administrator")), client_for(learner)
        # learner_a has finished course_x; learner_b is still following it, in the cohort renamed below.
        Enrolment.objects.create(user=learner, course=world.course_x, cohort=world.extra["cohort_x"])

        names = numbered("Cohorte ", 200)
        base = {
            "course": world.course_x.pk,
            "starts_on": "2030-01-01",
            "ends_on": "2030-03-01",
            "trainers": [trainer.pk],
        }
        for name in names:
            response = staff.post(
                f"/organisme/{world.org_x.pk}/sessions-de-formation/nouvelle/", {**base, "name": name}
            )
            assert response.status_code == 302, (name, response.content.decode()[:500])
            assert Cohort.objects.filter(name=name, organisation=world.org_x).exists()
        pages = {
            "/organisme/": get_ok(staff, "/organisme/"),
            "admin listing": admin_listing(admin, "/admin/parcours/sessions-de-formation/", count=len(names)),
        }
        for where, html in pages.items():
            for name in names:
                assert_shown_escaped(html, name, where)

        # Renaming the learner's cohort: its page, its form and the learner's dashboard.
        cohort = world.extra["cohort_x"]
        update = f"/organisme/sessions-de-formation/{cohort.pk}/modifier/"
        for name in numbered("Renommée ", 200):
            response = staff.post(update, {**base, "name": name})
            assert response.status_code == 302, (name, response.content.decode()[:500])
            cohort.refresh_from_db()
            assert cohort.name == name
            for where, html in {
                "cohort page": get_ok(staff, f"/organisme/sessions-de-formation/{cohort.pk}/"),
                "cohort form": get_ok(staff, update),
                "dashboard": get_ok(learner_client, "/mon-parcours/"),
            }.items():
                assert_shown_escaped(html, name, where)


class TestLiveSessions:
    FORM = "/organisme/{org}/direct/nouvelle/"

    def _data(self, world, **fields):
        start = timezone.localtime() + timedelta(days=fields.pop("days", 10))
        return {
            "title": "Atelier",
            "description": "",
            "course": world.course_x.pk,
            "series": world.extra["live_series_x"].pk,
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 60,
            "place": "",
            "video_url": "",
            "capacity": "",
            "trainer": world.user("trainer_x").pk,
            **fields,
        }

    def test_title_description_and_place(self, world):
        from lms.learning.models import LiveSession

        staff, learner = client_for(world.user("trainer_x")), client_for(world.user("learner_a"))
        admin = client_for(world.user("administrator"))
        url = self.FORM.format(org=world.org_x.pk)
        rows = list(zip(numbered("Titre ", 200), numbered("Description "), numbered("Lieu ", 255), strict=True))
        # The learners' list shows the 50 soonest sessions: each batch starts before the previous one.
        batches = [rows[start : start + 40] for start in range(0, len(rows), 40)]
        for batch_number, batch in enumerate(batches):
            for title, description, place in batch:
                data = self._data(world, title=title, description=description, place=place, days=30 - batch_number)
                response = staff.post(url, data)
                assert response.status_code == 302, (title, response.content.decode()[:500])
                session = LiveSession.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))
                assert (session.title, session.description, session.place) == (title, description, place)
                for where, html in {
                    "session page": get_ok(learner, f"/sessions/{session.pk}/"),
                    "session form": get_ok(staff, f"/organisme/direct/{session.pk}/modifier/"),
                }.items():
                    for typed in (title, description, place) if where == "session page" else (title,):
                        assert_shown_escaped(html, typed, where)
                    if where == "session form":
                        assert escape(description) in html and escape(place) in html
            html = get_ok(learner, "/sessions/")
            for title, _description, place in batch:
                assert_shown_escaped(html, title, "/sessions/")
                assert_shown_escaped(html, place, "/sessions/")
        listing = admin_listing(admin, "/admin/parcours/sessions-en-direct/", count=len(rows))
        for title, _description, _place in rows:
            assert_shown_escaped(listing, title, "admin listing")

    def test_hostile_video_links_are_refused_or_kept_inside_the_href(self, world):
        from lms.learning.models import LiveSession

        staff, learner = client_for(world.user("trainer_x")), client_for(world.user("learner_a"))
        url = self.FORM.format(org=world.org_x.pk)
        links = [*XSS_PAYLOADS, *(f"https://visio.example.fr/salle?{payload}" for payload in XSS_PAYLOADS)]
        links = [link for link in links if "\t" not in link and " " not in link.strip()] + [
            'https://visio.example.fr/"onmouseover="alert(1)',
            "https://visio.example.fr/'><script>alert(1)</script>",
        ]
        accepted = 0
        for index, link in enumerate(links):
            before = LiveSession.objects.count()
            data = self._data(world, title=f"Visio {index}", video_url=link, days=1)
            response = staff.post(url, data)
            if response.status_code == 400:
                assert LiveSession.objects.count() == before
                assert_no_active_content(response.content.decode(), f"refused form {link!r}")
                continue
            assert response.status_code == 302, (link, response.content.decode()[:500])
            accepted += 1
            session = LiveSession.objects.latest("pk")
            assert session.video_url.startswith("https://visio.example.fr/")
            # The link is shown to registered learners while the session runs, and in the trainer's form:
            # the learner registers, then the trainer moves the start to five minutes ago.
            assert learner.post(f"/sessions/{session.pk}/inscription/").status_code == 302
            data["starts_at"] = (timezone.localtime() - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M")
            assert staff.post(f"/organisme/direct/{session.pk}/modifier/", data).status_code == 302
            for where, html in {
                "session page": get_ok(learner, f"/sessions/{session.pk}/"),
                "session form": get_ok(staff, f"/organisme/direct/{session.pk}/modifier/"),
            }.items():
                assert f'="{escape(session.video_url)}"' in html, (where, link)
                if escape(session.video_url) != session.video_url:
                    assert session.video_url not in html, (where, link)
        # Most links survive the URL check only inside a path or a query: they must still be shown.
        assert accepted >= 10


class TestLiveSeries:
    def test_series_title_and_description(self, world):
        from lms.learning.models import LiveSeries, LiveSession

        admin, staff = client_for(world.user("administrator")), client_for(world.user("trainer_x"))
        learner, anonymous = client_for(world.user("learner_a")), Client()
        # learner_a is registered to this session: its series is shown on the dashboard too.
        session = world.extra["live_session_x"]
        rows = list(zip(numbered("Cycle ", 200), numbered("Présentation "), strict=True))
        for title, description in rows:
            data = {"organisation": world.org_x.pk, "title": title, "description": description}
            response = admin.post("/admin/parcours/cycles/new/", data)
            assert response.status_code == 302, (title, response.content.decode()[:800])
            series = LiveSeries.objects.get(title=title)
            assert series.description.replace("\r\n", "\n") == description
            # The session is filed under the new series (not the field under test: set directly).
            LiveSession.objects.filter(pk=session.pk).update(series=series)
            edit = get_ok(admin, f"/admin/parcours/cycles/edit/{series.pk}/")
            assert_shown_escaped(edit, title, "admin edit form")
            assert_shown_escaped(edit, description, "admin edit form")
            for where, html in {
                "session page": get_ok(anonymous, f"/sessions/{session.pk}/"),
                "/sessions/": get_ok(anonymous, "/sessions/"),
                "dashboard": get_ok(learner, "/mon-parcours/"),
            }.items():
                assert_shown_escaped(html, title, where)

        pages = {
            "admin listing": admin_listing(admin, "/admin/parcours/cycles/", count=len(rows)),
            # The series filter of the sessions' listing and the series choice of the trainer's form.
            "admin sessions listing": get_ok(admin, "/admin/parcours/sessions-en-direct/"),
            "session form": get_ok(staff, f"/organisme/{world.org_x.pk}/direct/nouvelle/"),
        }
        for where, html in pages.items():
            for title, _description in rows:
                assert_shown_escaped(html, title, where)


def json_strings(document) -> set[str]:
    """Every string value of a JSON document, however deep."""
    if isinstance(document, str):
        return {document}
    if isinstance(document, dict):
        return set().union(*(json_strings(value) for value in document.values())) if document else set()
    if isinstance(document, list):
        return set().union(*(json_strings(value) for value in document)) if document else set()
    return set()


def get_json(client: Client, url: str, *, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    assert response["Content-Type"].split(";")[0] in ("application/ld+json", "application/json"), url
    return json.loads(response.content)


class TestBadges:
    def _class_form(self, world, *, name, description, criteria, alt):
        from django.core.files.uploadedfile import SimpleUploadedFile
        from wagtail.test.utils.form_data import inline_formset, nested_form_data

        from lms.badges.models import RuleKind
        from tests.badges_tests.factories import png_bytes

        return nested_form_data(
            {
                "organisation": world.org_x.pk,
                "name": name,
                "description": description,
                "criteria_narrative": criteria,
                "criteria_url": "",
                "image": SimpleUploadedFile("badge.png", png_bytes(), content_type="image/png"),
                "image_alt": alt,
                "tags": "",
                "expires_after_days": "",
                "is_active": "on",
                "rules": inline_formset([{"kind": RuleKind.TRAINER_AWARD}]),
            }
        )

    def test_badge_class_texts_narratives_and_revocation_reasons(self, world):
        from lms.badges.models import Assertion, BadgeClass
        from lms.badges.services import assertion_issue

        author, trainer = client_for(world.user("author_x")), client_for(world.user("trainer_x"))
        learner, admin, anonymous = (
            client_for(world.user("learner_a")),
            client_for(world.user("administrator")),
            Client(),
        )
        rows = list(
            zip(
                numbered("Badge ", 200),
                numbered("Description "),
                numbered("Critères "),
                numbered("Image ", 250),
                numbered("Preuve ", 5000),
                strict=True,
            )
        )
        issued = []
        for name, description, criteria, alt, narrative in rows:
            response = author.post(
                "/admin/badges/classes/new/",
                self._class_form(world, name=name, description=description, criteria=criteria, alt=alt),
            )
            assert response.status_code == 302, (name, response.content.decode()[:800])
            badge_class = BadgeClass.objects.get(name=name)
            assert (badge_class.description, badge_class.criteria_narrative, badge_class.image_alt) == (
                description,
                criteria,
                alt,
            )
            response = trainer.post(
                "/badges/attribuer/",
                {"badge_class": badge_class.pk, "learner": world.user("learner_a").pk, "narrative": narrative},
            )
            assert response.status_code == 302, (name, response.content.decode()[:800])
            assertion = Assertion.objects.get(badge_class=badge_class)
            assert assertion.narrative == narrative
            if assertion.status != "issued":
                assertion, _now = assertion_issue(assertion_id=assertion.pk)
            issued.append(assertion)

            page = get_ok(anonymous, f"/badges/assertions/{assertion.uuid}/")
            for typed in (name, description, criteria, alt, narrative):
                assert_shown_escaped(page, typed, "assertion page")
            strings = json_strings(get_json(anonymous, f"/badges/classes/{badge_class.pk}.json"))
            assert {name, description, criteria} <= strings, "class JSON"
            assert narrative in json_strings(get_json(anonymous, f"/badges/assertions/{assertion.uuid}.json"))
            # The dashboard shows the 12 latest badges: checked every 10 awards.
            if len(issued) % 10 == 0 or len(issued) == len(rows):
                dashboard = get_ok(learner, "/mon-parcours/")
                for name, *_texts in rows[(len(issued) - 1) // 10 * 10 : len(issued)]:
                    assert_shown_escaped(dashboard, name, "dashboard")

        pages = {
            "my badges": get_ok(learner, "/badges/mes-badges/"),
            "award page": get_ok(trainer, "/badges/attribuer/"),
            "admin listing": admin_listing(admin, "/admin/badges/classes/", count=len(rows)),
        }
        for where, html in pages.items():
            for name, *_texts in rows:
                assert_shown_escaped(html, name, where)

        # Revoked with a hostile reason: shown on the badge's page and in the issuer's revocation list.
        reasons = numbered("Motif ", 255)
        for assertion, reason in zip(issued, reasons, strict=True):
            response = trainer.post(f"/badges/assertions/{assertion.uuid}/revoquer/", {"reason": reason})
            assert response.status_code == 302, (reason, response.content.decode()[:800])
            assertion.refresh_from_db()
            assert assertion.revocation_reason == reason
            assert_shown_escaped(get_ok(anonymous, f"/badges/assertions/{assertion.uuid}/"), reason, "revoked page")
        issuer = world.extra["badge_issuer_x"]
        revocations = json_strings(get_json(anonymous, f"/badges/issuers/{issuer.pk}/revocations.json"))
        assert set(reasons) <= revocations

    def test_issuer_description(self, world):
        from lms.badges.models import Issuer

        manager, anonymous = client_for(world.user("administrator")), Client()
        issuer = world.extra["badge_issuer_x"]
        description = corpus_lines("Émetteur ")
        response = manager.post(
            f"/admin/badges/emetteurs/edit/{issuer.pk}/",
            {
                "name": issuer.name,
                "url": "https://x.example.fr",
                "email": "badges@x.example.fr",
                "description": description,
            },
        )
        assert response.status_code == 302, response.content.decode()[:800]
        issuer = Issuer.objects.get(pk=issuer.pk)
        assert issuer.description.replace("\r\n", "\n") == description
        page = get_ok(anonymous, f"/badges/assertions/{world.extra['badge_assertion_a'].uuid}/")
        for line in description.split("\n"):
            assert_shown_escaped(page, line, "assertion page")
        assert description in json_strings(get_json(anonymous, f"/badges/issuers/{issuer.pk}.json"))

    def test_issuer_name(self, world):
        from lms.badges.models import Issuer

        manager, anonymous = client_for(world.user("administrator")), Client()
        learner = client_for(world.user("learner_a"))
        issuer = world.extra["badge_issuer_x"]
        assertion = world.extra["badge_assertion_a"]
        names = numbered("Émetteur ", 200)
        for name in names:
            response = manager.post(
                f"/admin/badges/emetteurs/edit/{issuer.pk}/",
                {"name": name, "url": "https://x.example.fr", "email": "badges@x.example.fr", "description": ""},
            )
            assert response.status_code == 302, (name, response.content.decode()[:800])
            assert Issuer.objects.get(pk=issuer.pk).name == name
            for where, html in {
                "assertion page": get_ok(anonymous, f"/badges/assertions/{assertion.uuid}/"),
                "my badges": get_ok(learner, "/badges/mes-badges/"),
                "dashboard": get_ok(learner, "/mon-parcours/"),
                "admin listing": get_ok(manager, "/admin/badges/emetteurs/"),
            }.items():
                assert_shown_escaped(html, name, where)
            for url in (f"/badges/issuers/{issuer.pk}.json", f"/badges/issuers/{issuer.pk}/profile.json"):
                assert name in json_strings(get_json(anonymous, url)), url


class TestQuestions:
    def test_prompts_choices_feedback_and_explanations(self, world):
        from assessments.models import Attempt, Question
        from tests.assessments_tests.factories import make_assessment

        author, learner = client_for(world.user("author_x")), client_for(world.user("learner_a"))
        rows = list(
            zip(
                numbered("Énoncé ", 4000),
                numbered("Choix "),
                numbered("Retour "),
                numbered("Explication "),
                strict=True,
            )
        )
        questions = []
        for prompt, choice, feedback, explanation in rows:
            config = {
                "choices": [
                    {"text": "Bonne réponse", "correct": True, "feedback": "Bien vu."},
                    {"text": choice, "correct": False, "feedback": feedback},
                ]
            }
            response = author.post(
                "/admin/snippets/assessments/question/add/",
                {
                    "organisation": world.org_x.pk,
                    "kind": "single_choice",
                    "prompt": prompt,
                    "competencies": [world.framework["CP1"].pk],
                    "difficulty": 1,
                    "points": 1,
                    "is_active": "on",
                    "config": json.dumps(config, ensure_ascii=False),
                    "explanation": explanation,
                    "code": "",
                },
            )
            assert response.status_code == 302, (prompt, response.content.decode()[:800])
            question = Question.objects.get(prompt=prompt)
            assert question.explanation == explanation
            assert [c["text"] for c in question.config["choices"]][1] == choice
            assert question.config["choices"][1]["feedback"] == feedback
            questions.append(question)

        admin_html = admin_listing(author, "/admin/snippets/assessments/question/", count=len(rows) + 3)
        for question in questions:
            assert_shown_escaped(admin_html, str(question), "question bank listing")

        assessment = make_assessment(
            world.course_x, questions=questions, slug="corpus-xss", shuffle_choices=False, show_answers="after_attempt"
        )
        assert learner.post(f"/evaluations/{assessment.pk}/commencer/").status_code == 302
        attempt = Attempt.objects.filter(user=world.user("learner_a"), assessment=assessment).get()
        quiz = get_ok(learner, assessment.url)
        for prompt, choice, _feedback, _explanation in rows:
            assert_shown_escaped(quiz, prompt, "quiz")
            assert_shown_escaped(quiz, choice, "quiz")
        # The learner picks the hostile choice everywhere: its feedback and the explanation come back.
        answers = {f"q-{question.pk}": question.config["choices"][1]["id"] for question in questions}
        response = learner.post(f"/evaluations/tentative/{attempt.pk}/", {"action": "submit", **answers})
        assert response.status_code == 302, response.content.decode()[:800]
        results = get_ok(learner, f"/evaluations/tentative/{attempt.pk}/resultats/")
        for row in rows:
            for typed in row:
                assert_shown_escaped(results, typed, "results")

    @pytest.fixture(autouse=True)
    def _on_commit(self, django_capture_on_commit_callbacks):
        self.django_capture_on_commit_callbacks = django_capture_on_commit_callbacks

    def test_grading_feedback_and_reason(self, world):
        from assessments.models import Answer

        trainer, learner = client_for(world.user("trainer_x")), client_for(world.user("learner_a"))
        answer = world.extra["answer_open_a"]
        attempt = world.extra["attempt_submitted_a"]
        grade_url = f"/evaluations/correction/{answer.pk}/"
        assert_shown_escaped(get_ok(trainer, grade_url), answer.question.prompt, "grading page")
        reasons = numbered("Raison ", 1000)
        for index, (feedback, reason) in enumerate(zip(numbered("Commentaire ", 5000), reasons, strict=True)):
            data = {"criterion_0": index % 3, "criterion_1": (index + 1) % 3, "feedback": feedback, "reason": reason}
            response = trainer.post(grade_url, data)
            assert response.status_code == 302, (feedback, response.content.decode()[:800])
            assert Answer.objects.get(pk=answer.pk).feedback == feedback
            results = get_ok(learner, f"/evaluations/tentative/{attempt.pk}/resultats/")
            assert_shown_escaped(results, feedback, "results")
        history = get_ok(trainer, grade_url)
        for reason in reasons[1:]:  # the first grade needs no reason: it is not a change
            assert_shown_escaped(history, reason, "grading history")

        # The graded work goes into the learner's portfolio with its feedback: page, PDF input, PDF.
        lines = numbered("Portfolio ")
        while len("\n".join(lines)) > 5000:
            lines.pop()
        assert len(lines) >= 50
        feedback = "\n".join(lines)
        data = {"criterion_0": 2, "criterion_1": 2, "feedback": feedback, "reason": "Commentaire complet."}
        assert trainer.post(grade_url, data).status_code == 302
        portfolio = world.extra["portfolio_a"]
        assert learner.post(f"/portfolio/{portfolio.pk}/preuves/mettre-a-jour/").status_code == 302
        self._check_portfolio(world, learner, portfolio, lines)

    def _check_portfolio(self, world, learner, portfolio, lines):
        from lms.portfolio.documents import portfolio_document_html
        from lms.portfolio.models import ExportStatus, PortfolioExport

        detail = get_ok(learner, f"/portfolio/{portfolio.pk}/")
        pdf_input = portfolio_document_html(portfolio=portfolio)
        assert_no_active_content(pdf_input, "xhtml2pdf input")
        for line in lines:
            assert_shown_escaped(detail, line, "portfolio page")
            assert_shown_escaped(pdf_input, line, "xhtml2pdf input")
        if shutil.which("pdftotext") is None:
            pytest.fail("pdftotext (poppler-utils) is needed to read the PDF")
        with self.django_capture_on_commit_callbacks(execute=True):
            assert learner.post(f"/portfolio/{portfolio.pk}/export/").status_code == 302
        export = PortfolioExport.objects.filter(portfolio=portfolio).latest("pk")
        assert export.status == ExportStatus.DONE, export.error
        with export.file.open("rb") as handle:
            text = subprocess.run(
                ["pdftotext", "-enc", "UTF-8", "-", "-"], input=handle.read(), capture_output=True, check=True
            ).stdout.decode()
        for line in lines:
            # The PDF shows the characters typed, as text. A word too long for the line is cut at the
            # margin by xhtml2pdf (a layout limit, not an injection): its first 60 characters are checked.
            for word in line.split():
                assert word[:60] in text, (word, line)


class TestJury:
    def test_comments_opinions_and_notes(self, world):
        jury, learner = client_for(world.user("jury")), client_for(world.user("learner_a"))
        share, example = world.extra["share_a"], world.extra["example_a"]
        portfolio = world.extra["portfolio_a"]
        base = f"/portfolio/jury/{share.token}/"
        competency_comments = numbered("Compétence ", 4000)
        example_comments = numbered("Exemple ", 4000)
        for competency_comment, example_comment in zip(competency_comments, example_comments, strict=True):
            response = jury.post(
                f"{base}competences/{world.framework['CP1'].pk}/", {"value": "acquired", "comment": competency_comment}
            )
            assert response.status_code == 302, response.content.decode()[:800]
            response = jury.post(f"{base}exemples/{example.pk}/commentaire/", {"body": example_comment})
            assert response.status_code == 302, response.content.decode()[:800]
        notes = corpus_lines("Appréciation ")
        assert jury.post(f"{base}appreciation/", {"notes": notes}).status_code == 302
        share.refresh_from_db()
        assert share.overall_notes.replace("\r\n", "\n") == notes
        assert set(competency_comments) | set(example_comments) <= set(share.comments.values_list("body", flat=True))

        typed = [*competency_comments, *example_comments, *notes.split("\n")]
        jury_page = get_ok(jury, base)
        for text in typed:
            assert_shown_escaped(jury_page, text, "jury page")
        assert jury.post(f"{base}communiquer/").status_code == 302
        feedback_page = get_ok(learner, f"/portfolio/{portfolio.pk}/avis-du-jury/")
        for text in typed:
            assert_shown_escaped(feedback_page, text, "learner feedback page")


def import_csv(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def squeezed(text: str) -> str:
    """What the import keeps of a cell: runs of white space become one space."""
    return " ".join(text.split())


def quoted_email(index: int, payload: str) -> str:
    """A valid e-mail address (RFC 5322 quoted local part) that holds the payload."""
    local = re.sub(r'([\\" ])', r"\\\1", squeezed(f"{index:02d} {payload}"))
    return f'"{local}"@exemple.fr'.lower()


class TestCohortImport:
    @pytest.fixture(autouse=True)
    def _on_commit(self, django_capture_on_commit_callbacks):
        self.django_capture_on_commit_callbacks = django_capture_on_commit_callbacks

    def test_names_and_emails_of_an_imported_file(self, world):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from lms.learning.models import CohortImport, ImportStatus

        staff = client_for(world.user("trainer_x"))
        cohort = world.extra["cohort_x"]
        url = f"/organisme/sessions-de-formation/{cohort.pk}/import/"
        emails = [quoted_email(index, payload) for index, payload in enumerate(XSS_PAYLOADS)]
        # Addresses beyond 254 characters are refused (a line error): a plain address takes their place.
        emails = [email if len(email) <= 254 else f"import{index:02d}@exemple.fr" for index, email in enumerate(emails)]
        assert sum("<" in email for email in emails) >= 50
        rows = [
            {"email": email, "nom": name, "structure": structure}
            for email, name, structure in zip(emails, numbered("Nom ", 150), numbered("Structure ", 200), strict=True)
        ]
        filename = '"><img src=x onerror=alert(1)>.csv'
        upload = SimpleUploadedFile(filename, import_csv(rows), content_type="text/csv")
        assert_shown_escaped(get_ok(staff, url), cohort.name, "import page")
        report = staff.post(url, {"file": upload})
        assert report.status_code == 200, report.content.decode()[:2000]
        html = report.content.decode()
        assert_no_active_content(html, "dry-run report")
        job = CohortImport.objects.filter(cohort=cohort).latest("pk")
        for row in rows:
            assert_shown_escaped(html, row["email"], "dry-run report")
            assert_shown_escaped(html, squeezed(row["nom"]), "dry-run report")

        with self.django_capture_on_commit_callbacks(execute=True):
            response = staff.post(url, {"import_id": job.pk})
        assert response.status_code == 302, response.content.decode()[:2000]
        job.refresh_from_db()
        assert job.status == ImportStatus.APPLIED, job.status
        status_page = get_ok(staff, f"/organisme/imports/{job.pk}/")
        cohort_page = get_ok(staff, f"/organisme/sessions-de-formation/{cohort.pk}/")
        assert_shown_escaped(status_page, filename, "import status page")
        for row in rows:
            assert_shown_escaped(status_page, row["email"], "import status page")
            assert_shown_escaped(status_page, squeezed(row["nom"]), "import status page")
            assert_shown_escaped(cohort_page, squeezed(row["nom"]), "cohort page")
            assert_shown_escaped(cohort_page, squeezed(row["structure"]), "cohort page")

    def test_values_reflected_in_line_errors(self, world):
        from django.core.files.uploadedfile import SimpleUploadedFile

        staff = client_for(world.user("trainer_x"))
        url = f"/organisme/sessions-de-formation/{world.extra['cohort_x'].pk}/import/"
        # Invalid addresses and unknown département codes are quoted back in each line's error message.
        rows = [
            {"email": email, "nom": "Camille Martin", "departement": departement}
            for email, departement in zip(numbered("Courriel "), numbered("Dept "), strict=True)
        ]
        upload = SimpleUploadedFile("erreurs.csv", import_csv(rows), content_type="text/csv")
        response = staff.post(url, {"file": upload})
        assert response.status_code == 400, response.content.decode()[:2000]
        html = response.content.decode()
        assert_no_active_content(html, "error report")
        for row in rows:
            assert_shown_escaped(html, squeezed(row["email"]), "error report (message)")
            assert_shown_escaped(html, squeezed(row["email"]).lower(), "error report (e-mail column)")
            assert_shown_escaped(html, squeezed(row["departement"]), "error report (message)")


class TestOrganisationNames:
    @staticmethod
    def _form(name: str, slug: str) -> dict:
        return {"name": name, "slug": slug, "siret": "", "contact_email": "", "contact_phone": "", "website": ""}

    def test_created_organisations(self, world):
        from lms.accounts.models import Organisation
        from lms.badges.services import issuer_ensure

        admin, anonymous = client_for(world.user("administrator")), Client()
        names = numbered("Organisme ", 200)
        for index, name in enumerate(names):
            response = admin.post("/admin/organisations/new/", self._form(name, f"organisme-{index:02d}"))
            assert response.status_code == 302, (name, response.content.decode()[:800])
            organisation = Organisation.objects.get(slug=f"organisme-{index:02d}")
            assert organisation.name == name
            # A new organisation's issuer takes its name (as on its first badge class, BadgeClassCreateView).
            issuer = issuer_ensure(organisation=organisation)
            assert name in json_strings(get_json(anonymous, f"/badges/issuers/{issuer.pk}.json"))
        listing = admin_listing(admin, "/admin/organisations/", count=len(names) + 2)
        for name in names:
            assert_shown_escaped(listing, name, "admin listing")

    def test_renamed_organisation(self, world):
        from lms.accounts.models import Organisation
        from lms.learning.models import CourseCompletion
        from lms.learning.services import attestation_issue

        admin, staff, anonymous = client_for(world.user("administrator")), client_for(world.user("trainer_x")), Client()
        org, course = world.org_x, world.course_x
        cached = {"catalogue": world.catalogue.url, "section": world.section_x.url, "course page": course.url}
        # The anonymous pages are in the page cache before the first rename.
        for url in cached.values():
            get_ok(anonymous, url)
            assert getattr(anonymous.get(url), "_tremplin_page_cache", None) == "hit", url
        session = world.extra["live_session_x"]
        pdf_every = 30
        for index, name in enumerate(numbered("Renommé ", 200)):
            response = admin.post(f"/admin/organisations/edit/{org.pk}/", self._form(name, org.slug))
            assert response.status_code == 302, (name, response.content.decode()[:800])
            assert Organisation.objects.get(pk=org.pk).name == name
            for where, url in cached.items():
                response = anonymous.get(url)
                assert response.status_code == 200, url
                # Renaming bumped the content version: rendered again (and stored), never the old entry.
                assert getattr(response, "_tremplin_page_cache", None) == "stored", (where, name)
                html = response.content.decode()
                assert_no_active_content(html, where)
                assert_shown_escaped(html, name, where)
            for where, html in {
                "/organisme/": get_ok(staff, "/organisme/"),
                "cohort page": get_ok(staff, f"/organisme/sessions-de-formation/{world.extra['cohort_x'].pk}/"),
                "session page": get_ok(anonymous, f"/sessions/{session.pk}/"),
                "/sessions/": get_ok(anonymous, "/sessions/"),
                "profile": get_ok(staff, "/compte/profil/"),
            }.items():
                assert_shown_escaped(html, name, where)
            assert get_json(anonymous, f"/api/v2/pages/{course.pk}/")["organisation_name"] == name

            # An attestation issued now keeps this name: its public page, and the PDF of every thirtieth.
            learner = world.user("learner_b")
            completion = CourseCompletion.objects.create(user=learner, course=course)
            attestation = attestation_issue(completion=completion)
            assert attestation.organisation_name == name
            assert_shown_escaped(get_ok(anonymous, attestation.get_absolute_url()), name, "attestation page")
            if index % pdf_every == 0:
                self._check_pdf(client_for(learner), f"{attestation.get_absolute_url()}pdf/", name)
            completion.delete()
        for where, url in cached.items():
            response = anonymous.get(url)
            assert getattr(response, "_tremplin_page_cache", None) == "hit", url
            assert_shown_escaped(response.content.decode(), name, f"{where} (from the cache)")

    def _check_pdf(self, client, url, name):
        if shutil.which("pdftotext") is None:
            pytest.fail("pdftotext (poppler-utils) is needed to read the PDF")
        response = client.get(url)
        assert response.status_code == 200, url
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"], input=response.content, capture_output=True, check=True
        ).stdout.decode()
        for word in name.split():
            assert word[:40] in " ".join(text.split()), (word, name)
