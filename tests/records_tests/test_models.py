import uuid

import pytest
from django.db import IntegrityError, connection, transaction

from lms.records.models import (
    IMMUTABLE_DELETE,
    IMMUTABLE_UPDATE,
    ActorAccount,
    ImmutableStatementError,
    Statement,
)

pytestmark = pytest.mark.django_db

requires_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="The append-only trigger exists on PostgreSQL only (run with DATABASE_URL=postgres://…).",
)


class TestImmutability:
    def test_saving_a_recorded_statement_again_is_refused(self, record):
        statement = record()
        statement.verb = "passed"
        with pytest.raises(ImmutableStatementError, match=IMMUTABLE_UPDATE):
            statement.save()
        assert Statement.objects.get().verb == "completed"

    def test_deleting_a_statement_is_refused(self, record):
        statement = record()
        with pytest.raises(ImmutableStatementError, match=IMMUTABLE_DELETE):
            statement.delete()
        assert Statement.objects.count() == 1

    def test_queryset_update_and_delete_are_refused(self, record):
        statement = record()
        with pytest.raises(ImmutableStatementError, match=IMMUTABLE_UPDATE):
            Statement.objects.filter(pk=statement.pk).update(verb="passed")
        with pytest.raises(ImmutableStatementError, match=IMMUTABLE_UPDATE):
            Statement.objects.update(user=None, verb="passed")
        with pytest.raises(ImmutableStatementError, match=IMMUTABLE_DELETE):
            Statement.objects.all().delete()
        statement.object_name = "Autre"
        with pytest.raises(ImmutableStatementError, match=IMMUTABLE_UPDATE):
            Statement.objects.bulk_update([statement], ["object_name"])
        assert Statement.objects.get().object_name == "Accueillir le public"

    def test_an_existing_id_is_never_overwritten(self, record):
        statement = record()
        copy = Statement(**{f.attname: getattr(statement, f.attname) for f in Statement._meta.concrete_fields})
        copy.object_name = "Écrasé"
        with pytest.raises(IntegrityError), transaction.atomic():
            copy.save()
        assert Statement.objects.get().object_name == "Accueillir le public"

    def test_account_deletion_keeps_the_history_anonymised(self, record, learner):
        statement = record()
        account_name = statement.actor_account
        learner.delete()
        kept = Statement.objects.get(pk=statement.pk)
        assert kept.user is None
        assert kept.actor_account == account_name
        assert kept.raw == statement.raw
        assert not ActorAccount.objects.exists()

    def test_there_is_no_admin_to_edit_statements(self):
        from django.contrib import admin

        assert Statement not in admin.site._registry


@pytest.mark.postgres
@requires_postgres
class TestAppendOnlyTrigger:
    """Raw SQL bypasses the ORM guards; PostgreSQL itself must refuse it."""

    def test_raw_update_is_rejected(self, record):
        statement = record()
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("UPDATE records_statement SET verb = 'passed' WHERE id = %s", [statement.pk])
        assert Statement.objects.get().verb == "completed"

    def test_raw_delete_is_rejected(self, record):
        statement = record()
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM records_statement WHERE id = %s", [statement.pk])
        assert Statement.objects.count() == 1

    def test_anonymising_with_another_change_is_rejected(self, record):
        statement = record()
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE records_statement SET user_id = NULL, object_name = 'x' WHERE id = %s", [statement.pk]
                )
        assert Statement.objects.get().user_id is not None

    def test_setting_user_to_null_alone_is_allowed(self, record):
        statement = record()
        with connection.cursor() as cursor:
            cursor.execute("UPDATE records_statement SET user_id = NULL WHERE id = %s", [statement.pk])
        assert Statement.objects.get().user_id is None

    def test_the_trigger_is_installed(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'records_statement'::regclass AND NOT tgisinternal"
            )
            assert [row[0] for row in cursor.fetchall()] == ["records_statement_append_only"]


def test_statement_ids_are_uuids(record):
    assert isinstance(record().pk, uuid.UUID)
