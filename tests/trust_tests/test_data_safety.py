"""A database with learner records survives ``dumpdata`` → empty database → ``loaddata`` unchanged.

This is the small-install backup recipe of docs/SECURITY.md, run for real: every model of every
installed app is dumped (apps added later are included automatically), the database is emptied, the
dump is loaded, and row counts and key values must match.

The dump keeps primary keys, content types and permissions as they are (no natural keys): Wagtail
keeps the log entries of deleted pages, whose page no longer exists, and ``--natural-foreign`` fails
on them ("Unable to serialize database: Page matching query does not exist"). The restore empties
the tables *without* re-creating content types and permissions (``inhibit_post_migrate``), so the
dumped ones come back with their original keys.
"""

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client

from tests.accounts_tests.factories import PASSWORD

from .world import World, build_world

# serialized_rollback: the flush removes the rows Wagtail's migrations made (root page, collection);
# later tests need them back.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Content types and permissions go first, in their own file: loading other rows may look a content
# type up (and create it if missing), which would then collide with the dumped one.
TYPES = ["contenttypes", "auth.permission"]
# Sessions and login attempts (people log in again), and derived data rebuilt by commands
# (``update_index`` for the search index; image renditions are regenerated on demand).
DUMP_EXCLUDE = ["sessions", "axes", "wagtailsearch", "wagtailimages.rendition"]


def _excluded(model) -> bool:
    return model._meta.app_label in DUMP_EXCLUDE or model._meta.label_lower in DUMP_EXCLUDE


def dumped_models() -> list:
    return [
        model for model in apps.get_models() if model._meta.managed and not model._meta.proxy and not _excluded(model)
    ]


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in dumped_models()}


def _optional(module: str, name: str):
    """Return ``module.name`` when that app exists yet (apps are built in parallel), else None."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def backup(directory: Path) -> tuple[Path, Path]:
    """Run the documented backup commands; return the two files."""
    types, data = directory / "tremplin-types.json", directory / "tremplin-data.json"
    call_command("dumpdata", *TYPES, output=str(types), verbosity=0)
    call_command("dumpdata", exclude=DUMP_EXCLUDE + TYPES, output=str(data), verbosity=0)
    return types, data


def empty_tables() -> None:
    """Empty every table without re-creating content types and permissions (restore, step 1)."""
    from django.contrib.contenttypes.models import ContentType

    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    ContentType.objects.clear_cache()


def load(types: Path, data: Path) -> None:
    """Load the two files, types first (restore, step 2)."""
    from django.contrib.contenttypes.models import ContentType

    call_command("loaddata", str(types), verbosity=0)
    call_command("loaddata", str(data), verbosity=0)
    ContentType.objects.clear_cache()


def restore(types: Path, data: Path) -> None:
    empty_tables()
    load(types, data)


def add_learner_records(world: World) -> dict:
    """Give learner A some records through the apps' own services, where they exist."""
    made = {}
    statement_record = _optional("lms.records.services", "statement_record")
    absolute_url = _optional("lms.records.services", "absolute_url")
    if statement_record and absolute_url:
        made["statement"] = statement_record(
            user=world.users["learner_a"],
            verb="completed",
            object_url=absolute_url(world.lesson_x.url),
            object_name=world.lesson_x.title,
            object_type="lesson",
            result={"completion": True, "score_scaled": 0.8},
            competencies=[world.framework["CP1"]],
        )
    enrolment_create = _optional("lms.learning.services", "enrolment_create")
    if enrolment_create:
        made["enrolment"] = enrolment_create(user=world.users["learner_a"], course=world.course_x)
    return made


def snapshot(world: World) -> dict:
    """Return values that must come back identical after a restore."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupPagePermission, ModelLogEntry, Page, Site

    from lms.accounts.models import Membership, User

    values = {
        "users": list(User.objects.order_by("pk").values_list("pk", "email", "password", "is_staff", "is_superuser")),
        "user_groups": sorted(
            (user.email, group)
            for user in User.objects.prefetch_related("groups")
            for group in user.groups.values_list("name", flat=True)
        ),
        "groups": sorted(Group.objects.values_list("name", flat=True)),
        "memberships": sorted(Membership.objects.values_list("user__email", "organisation__slug", "role")),
        "pages": list(Page.objects.order_by("path").values_list("pk", "path", "url_path", "title", "live")),
        "page_permissions": sorted(
            GroupPagePermission.objects.values_list("group__name", "page__url_path", "permission__codename")
        ),
        "site_root": list(Site.objects.values_list("hostname", "root_page_id", "is_default_site")),
        "audit_log": sorted(ModelLogEntry.objects.values_list("action", "object_id")),
        "course_competencies": sorted(world.course_x.competencies.values_list("code", flat=True)),
        "lesson_body": [
            dict(block) for block in world.lesson_x.specific_class.objects.get(pk=world.lesson_x.pk).body.raw_data
        ],
    }
    statement_model = _optional("lms.records.models", "Statement")
    if statement_model is not None:
        values["statements"] = sorted((str(s.pk), s.user_id, s.verb, str(s.raw)) for s in statement_model.objects.all())
    return values


@pytest.fixture(autouse=True)
def content_type_cache_after_restore():
    """Leave the content type cache full when the test ends.

    The teardown empties the tables and reloads the rows Wagtail's migrations made; saving those may
    look content types up. With a cold cache the lookup creates a new row, which then collides with
    the reloaded one. The restore kept every content type's key, so the warm cache is right.
    """
    from django.contrib.contenttypes.models import ContentType

    yield
    ContentType.objects.get_for_models(*apps.get_models(), for_concrete_models=False)


class TestDumpLoadRoundTrip:
    def test_everything_comes_back(self, site_tree, tmp_path):
        world = build_world(site_tree)
        records = add_learner_records(world)
        before_counts, before_values = row_counts(), snapshot(world)

        types, data = backup(tmp_path)
        empty_tables()
        assert sum(row_counts().values()) == 0
        load(types, data)

        after_counts = row_counts()
        differences = {
            label: (count, after_counts.get(label))
            for label, count in before_counts.items()
            if after_counts.get(label) != count
        }
        assert not differences, f"row counts changed (before, after): {differences}"
        assert snapshot(world) == before_values
        # Something of each kind was really in the dump, not only empty tables.
        for label in (
            "accounts.User",
            "accounts.Membership",
            "wagtailcore.Page",
            "courses.LessonPage",
            "wagtailcore.PageLogEntry",
            "contenttypes.ContentType",
        ):
            assert after_counts[label] > 0, label
        if "statement" in records:
            assert after_counts["records.Statement"] >= 1

    def test_the_restored_site_works(self, site_tree, tmp_path):
        world = build_world(site_tree)
        restore(*backup(tmp_path))
        call_command("update_index", verbosity=0)

        client = Client()
        assert client.get(world.lesson_x.url).status_code == 200
        assert "Cours X" in client.get("/formations/?q=Cours").content.decode()
        # Passwords (hashes) and roles survived: the author logs in and reaches the admin.
        response = client.post("/admin/login/", {"username": "autrice-x@tremplin.test", "password": PASSWORD})
        assert response.status_code == 302
        assert client.get(f"/admin/pages/{world.lesson_x.pk}/edit/").status_code == 200
