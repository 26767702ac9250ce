"""Delivery to an LRS, against a real HTTP server on 127.0.0.1 (tests/records_tests/fake_lrs.py)."""

import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from lms.records import services
from lms.records.models import OutboxEntry, OutboxStatus
from lms.records.tasks import forward_pending, forward_statement

pytestmark = pytest.mark.django_db


def _fast_forward():
    """Make every pending entry due now, as if its backoff delay had passed."""
    OutboxEntry.objects.filter(status=OutboxStatus.PENDING).update(next_attempt_at=timezone.now())


@pytest.fixture
def delivered(record, django_capture_on_commit_callbacks):
    """Record a statement and run the commit hooks: the forwarding task runs (Celery is eager)."""

    def _delivered(**overrides):
        with django_capture_on_commit_callbacks(execute=True):
            statement = record(**overrides)
        return statement, OutboxEntry.objects.get(statement=statement)

    return _delivered


class TestDelivery:
    def test_sent_on_commit_with_basic_auth_version_header_and_fixed_id(self, make_lrs, delivered):
        lrs = make_lrs()
        statement, entry = delivered()
        [received] = lrs.requests
        assert received.method == "PUT"
        assert received.path == "/xapi/statements"
        assert received.statement_id == str(statement.pk)
        assert received.headers["x-experience-api-version"] == "1.0.3"
        assert received.headers["authorization"].startswith("Basic ")
        assert received.headers["content-type"] == "application/json"
        assert received.body == statement.raw
        assert lrs.stored == {str(statement.pk): statement.raw}
        assert (entry.status, entry.attempts, entry.last_error) == (OutboxStatus.SENT, 1, "")
        assert entry.sent_at is not None

    def test_wrong_credentials_are_a_failure_not_a_success(self, make_lrs, delivered, settings):
        lrs = make_lrs()
        settings.XAPI_LRS_PASSWORD = "wrong"
        _statement, entry = delivered()
        assert entry.status == OutboxStatus.PENDING
        assert entry.last_error.startswith("HTTP 401 from the LRS")
        assert lrs.stored == {}

    def test_task_is_idempotent(self, make_lrs, delivered):
        lrs = make_lrs()
        _statement, entry = delivered()
        assert forward_statement(entry.pk) == "skipped"
        assert forward_statement.delay(entry.pk).get() == "skipped"
        assert len(lrs.requests) == 1


class TestRetries:
    def test_failures_back_off_and_the_statement_is_stored_once(self, make_lrs, delivered):
        lrs = make_lrs(fail_first=3)
        before = timezone.now()
        statement, entry = delivered()
        assert (entry.status, entry.attempts) == (OutboxStatus.PENDING, 1)
        assert entry.last_error.startswith("HTTP 500 from the LRS")
        assert before + timedelta(seconds=59) < entry.next_attempt_at < timezone.now() + timedelta(seconds=61)

        # Not due yet: the sweep leaves it alone.
        assert services.statements_forward_pending() == 0
        assert len(lrs.requests) == 1

        for attempts, delay in ((2, timedelta(minutes=5)), (3, timedelta(minutes=30))):
            _fast_forward()
            moment = timezone.now()
            assert forward_pending() == 0
            entry.refresh_from_db()
            assert (entry.status, entry.attempts) == (OutboxStatus.PENDING, attempts)
            assert moment + delay - timedelta(seconds=1) < entry.next_attempt_at < timezone.now() + delay

        _fast_forward()
        assert forward_pending() == 1
        entry.refresh_from_db()
        assert (entry.status, entry.attempts, entry.last_error) == (OutboxStatus.SENT, 4, "")
        assert len(lrs.puts_of(str(statement.pk))) == 4
        assert list(lrs.stored) == [str(statement.pk)]

        # Later sweeps and task runs never send it again.
        _fast_forward()
        assert forward_pending() == 0
        assert forward_statement(entry.pk) == "skipped"
        assert len(lrs.requests) == 4

    def test_lost_response_is_resent_with_the_same_id_and_stored_once(self, make_lrs, delivered):
        lrs = make_lrs(drop_first=1)
        statement, entry = delivered()
        # The LRS stored it but the answer never came back: from here it looks like a failure.
        assert entry.status == OutboxStatus.PENDING
        assert entry.last_error.startswith("The LRS could not be reached")
        assert list(lrs.stored) == [str(statement.pk)]

        _fast_forward()
        assert services.statements_forward_pending() == 1
        entry.refresh_from_db()
        assert entry.status == OutboxStatus.SENT
        assert [r.statement_id for r in lrs.requests] == [str(statement.pk)] * 2
        assert lrs.requests[0].body == lrs.requests[1].body
        assert len(lrs.stored) == 1

    def test_conflict_means_already_stored(self, make_lrs, delivered):
        lrs = make_lrs(drop_first=1, conflict_on_duplicate=True)
        statement, entry = delivered()
        _fast_forward()
        assert services.outbox_entry_send(entry_id=entry.pk).status == OutboxStatus.SENT
        assert len(lrs.puts_of(str(statement.pk))) == 2
        assert len(lrs.stored) == 1

    def test_unreachable_lrs_is_a_failure_with_backoff(self, make_lrs, delivered, settings):
        make_lrs()
        settings.XAPI_LRS_URL = "http://127.0.0.1:9/xapi"  # discard port: connection refused
        _statement, entry = delivered()
        assert (entry.status, entry.attempts) == (OutboxStatus.PENDING, 1)
        assert entry.last_error.startswith("The LRS could not be reached")

    def test_sweep_stops_at_the_first_failure(self, make_lrs, record):
        lrs = make_lrs(fail_first=1)
        first, second = record(), record(verb="passed", object_type="assessment")
        assert services.statements_forward_pending() == 0
        assert len(lrs.requests) == 1  # the second waits for the next sweep instead of another timeout
        assert services.statements_forward_pending() == 1
        assert set(lrs.stored) == {str(second.pk)}
        _fast_forward()
        assert services.statements_forward_pending() == 1
        assert set(lrs.stored) == {str(first.pk), str(second.pk)}

    def test_failed_after_max_attempts_then_retried_by_the_command(
        self, make_lrs, delivered, django_capture_on_commit_callbacks, capsys
    ):
        lrs = make_lrs(fail_first=services.MAX_ATTEMPTS)
        statement, entry = delivered()
        for _ in range(services.MAX_ATTEMPTS - 1):
            _fast_forward()
            services.statements_forward_pending()
        entry.refresh_from_db()
        assert (entry.status, entry.attempts) == (OutboxStatus.FAILED, services.MAX_ATTEMPTS)
        assert entry.last_error.startswith("HTTP 500")
        assert entry.next_attempt_at > timezone.now()  # 6 h backoff capped, untouched when failing

        # A failed entry is no longer due: sweeps leave it, nothing is lost from the ledger either.
        _fast_forward()
        OutboxEntry.objects.filter(pk=entry.pk).update(next_attempt_at=timezone.now())
        assert services.statements_forward_pending() == 0
        assert len(lrs.requests) == services.MAX_ATTEMPTS

        with django_capture_on_commit_callbacks(execute=True):
            call_command("records_retry_failed")
        assert "1 failed statement(s) queued again for the LRS." in capsys.readouterr().out
        entry.refresh_from_db()
        assert (entry.status, entry.attempts) == (OutboxStatus.SENT, 1)
        assert list(lrs.stored) == [str(statement.pk)]
        assert services.outbox_entries_retry_failed() == 0

    def test_backoff_schedule_is_capped(self):
        assert services.BACKOFF[0] == timedelta(minutes=1)
        assert services.BACKOFF[-1] == timedelta(hours=6)
        assert services.MAX_ATTEMPTS > len(services.BACKOFF)


class TestConcurrentSenders:
    def test_a_claimed_entry_is_skipped_by_another_sender(self, make_lrs, record):
        lrs = make_lrs()
        statement = record()
        entry = OutboxEntry.objects.get(statement=statement)
        claimed = services._entry_claim(entry_id=entry.pk)  # a first worker, mid-request
        assert claimed is not None
        assert services.outbox_entry_send(entry_id=entry.pk) is None
        assert services.statements_forward_pending() == 0
        assert lrs.requests == []

    @pytest.mark.postgres
    @pytest.mark.django_db(transaction=True, serialized_rollback=True)
    @pytest.mark.skipif(
        connection.vendor != "postgresql", reason="Row locks (SELECT … FOR UPDATE SKIP LOCKED) need PostgreSQL."
    )
    def test_two_workers_never_send_the_same_entry(self, make_lrs, record):
        # Without a configured LRS first: in a transactional test, commit hooks would send at once.
        with override_settings(XAPI_LRS_URL=""):
            statements = [record(verb="launched") for _ in range(6)]
        lrs = make_lrs(delay=0.3)
        OutboxEntry.objects.bulk_create(OutboxEntry(statement=statement) for statement in statements)
        barrier = threading.Barrier(4)
        errors = []

        def worker():
            try:
                barrier.wait()
                services.statements_forward_pending()
            except Exception as error:  # noqa: BLE001 — reported by the assertion below
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=worker) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        for statement in statements:
            assert len(lrs.puts_of(str(statement.pk))) <= 1
        assert len(lrs.requests) == len(lrs.stored)
        _fast_forward()
        services.statements_forward_pending()
        assert set(lrs.stored) == {str(s.pk) for s in statements}
        assert len(lrs.requests) == 6
        assert set(OutboxEntry.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}
