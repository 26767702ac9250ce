"""The authorisation matrix: for every URL name, who may open it.

Adding a view means adding one line to ``MATRIX``::

    "learning:dashboard": [case(at("learning:dashboard"), signed_in())],
    "portfolio:evidence": [case(at("portfolio:evidence", pk=lambda w: w.extra["evidence_a"].pk), only("learner_a"))],

``at`` builds the URL from the world (see ``world.py``); the expectation names every role, so a role
added later must be placed in every row. A URL name missing here fails the test on purpose.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from django.apps import apps
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .world import ROLES, World


class Outcome(StrEnum):
    ALLOW = "allow"  # 2xx, or a redirect that is not to a login page
    DENY = "deny"  # anonymous: redirect to a login page; signed in: 403/404 (or Wagtail's admin refusals)
    NOT_FOUND = "not found"  # 404 for everyone (drafts, unknown identifiers)


@dataclass(frozen=True)
class Case:
    url: Callable[[World], str]
    expect: Mapping[str, Outcome]
    method: str = "get"
    data: Callable[[World], dict] | None = None
    label: str = ""


def case(url, expect, *, method: str = "get", data=None, label: str = "") -> Case:
    missing = set(ROLES) - set(expect)
    if missing:
        raise ValueError(f"Expectation without roles {sorted(missing)}")
    return Case(url=url, expect=dict(expect), method=method, data=data, label=label)


# Expectation shorthands -------------------------------------------------------------------------


def everyone() -> dict[str, Outcome]:
    return dict.fromkeys(ROLES, Outcome.ALLOW)


def signed_in() -> dict[str, Outcome]:
    return {**everyone(), "anonymous": Outcome.DENY}


def only(*roles: str) -> dict[str, Outcome]:
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"Unknown roles {sorted(unknown)}")
    return {role: Outcome.ALLOW if role in roles else Outcome.DENY for role in ROLES}


def nobody_finds() -> dict[str, Outcome]:
    return dict.fromkeys(ROLES, Outcome.NOT_FOUND)


# People who hold ``wagtailadmin.access_admin`` (lms.accounts.roles.SITE_ROLE_PERMISSIONS).
ADMIN_USERS = ("author_x", "author_y", "trainer_x", "administrator")


# URL builders -----------------------------------------------------------------------------------


def at(name: str, *, query: str = "", **kwargs: Callable[[World], object]) -> Callable[[World], str]:
    """Return a builder reversing ``name`` with kwargs computed from the world (each value a function)."""

    def build(world: World) -> str:
        url = reverse(name, kwargs={key: make(world) for key, make in kwargs.items()})
        return f"{url}?{query}" if query else url

    return build


def page(attribute: str) -> Callable[[World], str]:
    """Return a builder for the public URL of the world's page ``attribute``."""
    return lambda world: getattr(world, attribute).url


def fixed(url: str) -> Callable[[World], str]:
    return lambda world: url


def _reset_uid(world: World) -> str:
    return urlsafe_base64_encode(force_bytes(world.users["learner_a"].pk))


def _reset_token(world: World) -> str:
    return default_token_generator.make_token(world.users["learner_a"])


def admin_viewset(namespace: str, names: tuple[str, ...], *, pk: Callable[[World], object], expect) -> dict:
    """Return matrix rows for a Wagtail ``ModelViewSet``: every view, the object ones on ``pk``."""
    with_pk = {"edit", "delete", "history", "history_results", "usage", "copy", "inspect"}
    return {
        f"{namespace}:{name}": [case(at(f"{namespace}:{name}", **({"pk": pk} if name in with_pk else {})), expect)]
        for name in names
    }


MODEL_VIEWSET_VIEWS = (
    "index",
    "index_results",
    "add",
    "edit",
    "delete",
    "history",
    "history_results",
    "usage",
    "copy",
)


# The table ---------------------------------------------------------------------------------------

MATRIX: dict[str, list[Case]] = {
    # Platform
    "healthz": [case(at("healthz"), everyone())],
    "set_language": [case(at("set_language"), everyone(), method="post", data=lambda w: {"language": "fr"})],
    "language_switch": [case(at("language_switch", query="language=en&next=/formations/"), everyone())],
    # Wagtail pages (one URL of each page type) and page-level utilities
    "wagtail_serve": [
        case(page("home"), everyone(), label="home"),
        case(page("catalogue"), everyone(), label="catalogue"),
        case(fixed("/formations/?block=TRUST-REMN:CCP1"), everyone(), label="catalogue filtered"),
        case(page("section_x"), everyone(), label="organisation section"),
        case(page("course_x"), everyone(), label="course"),
        case(page("lesson_x"), everyone(), label="lesson"),
        case(page("draft_course"), nobody_finds(), label="unpublished course"),
    ],
    "wagtailcore_login": [case(at("wagtailcore_login"), everyone())],
    "wagtailcore_authenticate_with_password": [
        case(
            at(
                "wagtailcore_authenticate_with_password",
                page_view_restriction_id=lambda w: 999_999,
                page_id=lambda w: w.course_x.pk,
            ),
            nobody_finds(),
            label="unknown restriction",
        )
    ],
    # Documents (public collection)
    "wagtaildocs_serve": [case(lambda w: w.document.url, everyone())],
    "wagtaildocs_authenticate_with_password": [
        case(at("wagtaildocs_authenticate_with_password", restriction_id=lambda w: 999_999), nobody_finds())
    ],
    # Open API (read-only, public content only)
    "wagtailapi:pages:listing": [case(at("wagtailapi:pages:listing"), everyone())],
    "wagtailapi:pages:detail": [
        case(at("wagtailapi:pages:detail", pk=lambda w: w.course_x.pk), everyone(), label="live course"),
        case(at("wagtailapi:pages:detail", pk=lambda w: w.draft_course.pk), nobody_finds(), label="draft"),
    ],
    "wagtailapi:pages:find": [case(at("wagtailapi:pages:find", query="html_path=/formations/"), everyone())],
    "wagtailapi:images:listing": [case(at("wagtailapi:images:listing"), everyone())],
    "wagtailapi:images:detail": [case(at("wagtailapi:images:detail", pk=lambda w: w.image.pk), everyone())],
    "wagtailapi:images:find": [case(lambda w: reverse("wagtailapi:images:find") + f"?id={w.image.pk}", everyone())],
    "wagtailapi:documents:listing": [case(at("wagtailapi:documents:listing"), everyone())],
    "wagtailapi:documents:detail": [case(at("wagtailapi:documents:detail", pk=lambda w: w.document.pk), everyone())],
    "wagtailapi:documents:find": [
        case(lambda w: reverse("wagtailapi:documents:find") + f"?id={w.document.pk}", everyone())
    ],
    "wagtailapi:frameworks:listing": [case(at("wagtailapi:frameworks:listing"), everyone())],
    "wagtailapi:frameworks:detail": [
        case(at("wagtailapi:frameworks:detail", pk=lambda w: w.framework["framework"].pk), everyone())
    ],
    "wagtailapi:frameworks:find": [
        case(lambda w: reverse("wagtailapi:frameworks:find") + f"?id={w.framework['framework'].pk}", everyone())
    ],
    # Accounts
    "accounts:signup": [case(at("accounts:signup"), everyone())],
    "accounts:login": [case(at("accounts:login"), everyone())],
    "accounts:logout": [case(at("accounts:logout"), everyone(), method="post")],
    "accounts:profile": [case(at("accounts:profile"), signed_in())],
    "accounts:password_reset": [case(at("accounts:password_reset"), everyone())],
    "accounts:password_reset_done": [case(at("accounts:password_reset_done"), everyone())],
    "accounts:password_reset_confirm": [
        # The token is the secret: whoever holds the link may set the password (then it expires).
        case(at("accounts:password_reset_confirm", uidb64=_reset_uid, token=_reset_token), everyone(), label="valid"),
        case(
            at("accounts:password_reset_confirm", uidb64=_reset_uid, token=lambda w: "1-deadbeef"),
            everyone(),
            label="forged",
        ),
    ],
    "accounts:password_reset_complete": [case(at("accounts:password_reset_complete"), everyone())],
    # Competency frameworks (public reference)
    "frameworks:index": [case(at("frameworks:index"), everyone())],
    "frameworks:detail": [
        case(at("frameworks:detail", code=lambda w: w.framework["framework"].code), everyone(), label="known"),
        case(at("frameworks:detail", code=lambda w: "INCONNU"), nobody_finds(), label="unknown"),
    ],
    # Learning records: each person's own xAPI statements (no identifier in the URL)
    "records:list": [case(at("records:list"), signed_in())],
    "records:export_json": [case(at("records:export_json"), signed_in())],
    "records:export_csv": [case(at("records:export_csv"), signed_in())],
    # Wagtail admin: one entry point; Wagtail's own screens are Wagtail's to test.
    "wagtailadmin_home": [case(at("wagtailadmin_home"), only(*ADMIN_USERS))],
    # Admin screens of Tremplin's own models: superusers only (no group holds these model permissions).
    **admin_viewset("organisations", MODEL_VIEWSET_VIEWS, pk=lambda w: w.org_x.pk, expect=only("administrator")),
    **admin_viewset(
        "memberships",
        MODEL_VIEWSET_VIEWS,
        pk=lambda w: w.users["author_x"].memberships.get().pk,
        expect=only("administrator"),
    ),
    **admin_viewset(
        "wagtailusers_users", MODEL_VIEWSET_VIEWS, pk=lambda w: w.users["learner_a"].pk, expect=only("administrator")
    ),
    **admin_viewset(
        "frameworks_admin_framework",
        MODEL_VIEWSET_VIEWS,
        pk=lambda w: w.framework["framework"].pk,
        expect=only("administrator"),
    ),
    **admin_viewset(
        "frameworks_admin_block", MODEL_VIEWSET_VIEWS, pk=lambda w: w.framework["CCP1"].pk, expect=only("administrator")
    ),
    **admin_viewset(
        "frameworks_admin_competency",
        MODEL_VIEWSET_VIEWS,
        pk=lambda w: w.framework["CP1"].pk,
        expect=only("administrator"),
    ),
    **admin_viewset(
        "frameworks_admin_theme",
        MODEL_VIEWSET_VIEWS,
        pk=lambda w: w.course_x.theme_id,
        expect=only("administrator"),
    ),
    **admin_viewset(
        "frameworks_admin_mapping",
        MODEL_VIEWSET_VIEWS,
        pk=lambda w: w.framework["mapping"].pk,
        expect=only("administrator"),
    ),
    **admin_viewset(
        "frameworks_admin_evidence_type",
        MODEL_VIEWSET_VIEWS,
        pk=lambda w: w.framework["evidence_type"].pk,
        expect=only("administrator"),
    ),
}

if apps.is_installed("lms.twofactor"):
    # Two-factor authentication (staff only). Conditional while the settings are being wired;
    # tests/trust_tests/test_twofactor.py skips (so fails under CI=true) when it is not installed.
    MATRIX.update(
        {
            "twofactor:enrol": [case(at("twofactor:enrol"), only(*ADMIN_USERS))],
            "twofactor:verify": [case(at("twofactor:verify"), only(*ADMIN_USERS))],
            "twofactor:disable": [case(at("twofactor:disable"), only(*ADMIN_USERS), method="post")],
        }
    )


# The apps' own rows, kept beside their tests.
from tests.assessments_tests.trust_matrix import assessments_matrix  # noqa: E402
from tests.badges_tests.trust_matrix import badges_matrix  # noqa: E402
from tests.learning_tests.trust_matrix import learning_matrix  # noqa: E402
from tests.portfolio_tests.trust_matrix import portfolio_matrix  # noqa: E402

MATRIX.update(learning_matrix())
MATRIX.update(portfolio_matrix())
MATRIX.update(badges_matrix())
MATRIX.update(assessments_matrix())
