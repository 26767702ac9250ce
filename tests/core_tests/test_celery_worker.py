"""The production path of Celery: a message through a real broker to a real worker and back."""

import os
import uuid

import pytest

from lms.celery import app
from lms.core.tasks import ping

BROKER = os.environ.get("CELERY_BROKER_URL", "")


@pytest.mark.broker
@pytest.mark.skipif(not BROKER, reason="no CELERY_BROKER_URL: start Redis and a worker (see .ci/run)")
class TestRealWorker:
    def test_a_task_goes_through_the_broker_and_a_worker_answers(self):
        previous = app.conf.task_always_eager
        app.conf.task_always_eager = False
        try:
            nonce = uuid.uuid4().hex
            result = ping.apply_async(args=[nonce])
            assert result.get(timeout=60) == nonce
            # Eager results have no worker; a real one reports its hostname.
            assert app.control.inspect(timeout=5).ping(), "no worker answered the broadcast ping"
        finally:
            app.conf.task_always_eager = previous


class TestEagerDefault:
    def test_tasks_run_in_process_without_a_broker(self, settings):
        assert app.conf.task_always_eager is True
        assert ping.delay("abc").get() == "abc"
