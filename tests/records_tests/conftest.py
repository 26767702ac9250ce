"""Fixtures for the ledger tests: a learner, a statement builder and a fake LRS wired into settings."""

import pytest
from django.test import override_settings

from lms.records.services import absolute_url, statement_record
from tests.accounts_tests.factories import UserFactory

from .fake_lrs import PASSWORD, USERNAME, FakeLRS


@pytest.fixture
def learner(db):
    return UserFactory(email="apprenante@exemple.fr")


@pytest.fixture
def record(learner):
    """Return a function recording a statement for ``learner`` (or ``user=``) with sensible defaults."""

    def _record(**overrides):
        arguments = {
            "user": learner,
            "verb": "completed",
            "object_url": absolute_url("/formations/accueillir/lecon-1/"),
            "object_name": "Accueillir le public",
            "object_type": "lesson",
        }
        return statement_record(**{**arguments, **overrides})

    return _record


@pytest.fixture
def make_lrs():
    """Start fake LRS servers on 127.0.0.1 (random port) and point ``XAPI_LRS_*`` settings at the last one."""
    started = []

    def _make(**behaviour) -> FakeLRS:
        lrs = FakeLRS(**behaviour).__enter__()
        override = override_settings(
            XAPI_LRS_URL=lrs.url, XAPI_LRS_USERNAME=USERNAME, XAPI_LRS_PASSWORD=PASSWORD, XAPI_LRS_TIMEOUT=2
        )
        override.enable()
        started.append((lrs, override))
        return lrs

    yield _make
    for lrs, override in reversed(started):
        override.disable()
        lrs.__exit__(None, None, None)
