import json
import uuid
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.db import transaction

from lms.records.models import ActorAccount, OutboxEntry, Statement
from lms.records.verbs import COMPETENCIES_EXTENSION
from tests.accounts_tests.factories import UserFactory
from tests.courses_tests.factories import make_framework

pytestmark = pytest.mark.django_db


def _counts():
    return Statement.objects.count(), ActorAccount.objects.count(), OutboxEntry.objects.count()


class TestStatementShape:
    def test_required_xapi_fields(self, record, learner):
        statement = record(occurred_at=datetime(2026, 3, 10, 17, 42, tzinfo=UTC))
        raw = statement.raw
        assert {"id", "actor", "verb", "object", "timestamp", "version"} <= set(raw)
        assert raw["id"] == str(statement.id)
        assert raw["version"] == "1.0.3"
        assert raw["timestamp"] == "2026-03-10T17:42:00.000Z"
        assert raw["verb"] == {
            "id": "http://adlnet.gov/expapi/verbs/completed",
            "display": {"fr-FR": "a terminé", "en-US": "completed"},
        }
        assert raw["object"] == {
            "objectType": "Activity",
            "id": "http://testserver/formations/accueillir/lecon-1/",
            "definition": {
                "type": "http://adlnet.gov/expapi/activities/lesson",
                "name": {"fr-FR": "Accueillir le public"},
            },
        }
        assert "stored" not in raw  # set by the LRS, not by the client
        assert statement.verb_iri == raw["verb"]["id"]
        assert statement.object_id == raw["object"]["id"]
        assert statement.user == learner

    def test_actor_is_an_opaque_account_never_the_email(self, record, learner):
        first, second = record(), record(verb="passed", object_type="assessment")
        account = ActorAccount.objects.get(user=learner)
        assert first.raw["actor"] == {
            "objectType": "Agent",
            "account": {"homePage": settings.SITE_URL, "name": str(account.name)},
        }
        assert second.raw["actor"] == first.raw["actor"]
        assert first.actor_account == str(account.name)
        text = json.dumps(first.raw)
        assert learner.email not in text
        assert "mbox" not in text
        assert str(learner.pk) != account.name

    def test_each_user_has_its_own_account_name(self, record):
        other = record(user=UserFactory())
        mine = record()
        assert other.actor_account != mine.actor_account

    def test_result_with_score_success_completion_and_duration(self, record):
        statement = record(
            verb="passed",
            object_type="assessment",
            result={
                "score_scaled": 0.8,
                "score_raw": 16,
                "score_min": 0,
                "score_max": 20,
                "success": True,
                "completion": True,
                "duration_seconds": 3723,
            },
        )
        assert statement.raw["result"] == {
            "score": {"scaled": 0.8, "raw": 16, "min": 0, "max": 20},
            "success": True,
            "completion": True,
            "duration": "PT1H2M3S",
        }
        assert statement.result == statement.raw["result"]
        assert (statement.score_percent, statement.success, statement.duration_seconds) == (80, True, 3723)

    def test_no_result_no_result_key(self, record):
        statement = record(verb="launched")
        assert "result" not in statement.raw
        assert statement.score_percent is None

    def test_competencies_go_into_context(self, record):
        framework = make_framework()
        framework["framework"].rncp_code = "RNCP34022"
        framework["framework"].save()
        framework["CCP1"].rncp_block_code = "RNCP34022BC01"
        framework["CCP1"].save()
        statement = record(competencies=[framework["CP3"], framework["CP5"]], registration=str(uuid.UUID(int=7)))
        context = statement.raw["context"]
        assert context["registration"] == "00000000-0000-0000-0000-000000000007"
        assert context["extensions"][COMPETENCIES_EXTENSION] == [
            {
                "reference": "REMN-2019/CCP1/CP3",
                "framework": "REMN-2019",
                "block": "CCP1",
                "competency": "CP3",
                "title": "Accueillir",
                "rncp": "RNCP34022",
                "rncpBlock": "RNCP34022BC01",
            },
            {
                "reference": "REMN-2019/CCP2/CP5",
                "framework": "REMN-2019",
                "block": "CCP2",
                "competency": "CP5",
                "title": "Diagnostic",
                "rncp": "RNCP34022",
            },
        ]
        activities = context["contextActivities"]
        assert activities["grouping"] == [
            {
                "objectType": "Activity",
                "id": "http://testserver/referentiels/REMN-2019/",
                "definition": {"name": {"fr-FR": "Titre REMN-2019"}},
            }
        ]
        assert [a["id"] for a in activities["category"]] == [
            "http://testserver/referentiels/REMN-2019/#CP3",
            "http://testserver/referentiels/REMN-2019/#CP5",
        ]
        assert activities["category"][0]["definition"]["type"] == "http://adlnet.gov/expapi/activities/objective"
        assert statement.competency_references == ["REMN-2019/CCP1/CP3", "REMN-2019/CCP2/CP5"]

    def test_competencies_cost_one_query_however_many(self, record, django_assert_num_queries):
        framework = make_framework()
        record()  # creates the actor account first
        competencies = [framework["CP1"], framework["CP3"], framework["CP5"]]
        # competencies, insert: the account is kept on the user object since the first statement, and
        # the caller's transaction (the test's) needs no savepoint around the insert.
        with django_assert_num_queries(2) as captured:
            record(competencies=competencies)
        assert sum("frameworks_competency" in q["sql"] for q in captured.captured_queries) == 1

    def test_caller_extensions_are_kept(self, record):
        statement = record(extensions={"https://w3id.org/xapi/cmi5/context/extensions/sessionid": "s-1"})
        assert statement.raw["context"]["extensions"] == {
            "https://w3id.org/xapi/cmi5/context/extensions/sessionid": "s-1"
        }


class TestStatementRefusals:
    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            (
                {"verb": "liked"},
                "Unknown xAPI verb 'liked'; expected one of: registered, launched, attempted, answered, "
                "completed, passed, failed, scored, attended, earned.",
            ),
            (
                {"object_type": "video"},
                "Unknown activity type 'video'; expected one of: course, lesson, assessment, question, meeting, badge.",
            ),
            ({"object_url": "/formations/x/"}, "object_url must be an absolute http(s) URL, got '/formations/x/'."),
            ({"object_name": "  "}, "The activity needs a non-empty name."),
            ({"result": {"score_scaled": 1.5}}, "result['score_scaled'] must be between -1 and 1, got 1.5."),
            ({"result": {"score_scaled": -1.01}}, "result['score_scaled'] must be between -1 and 1, got -1.01."),
            (
                {"result": {"score_raw": 21, "score_min": 0, "score_max": 20}},
                "result['score_raw'] (21) must not be above result['score_max'] (20).",
            ),
            (
                {"result": {"score_raw": -1, "score_min": 0}},
                "result['score_raw'] (-1) must not be below result['score_min'] (0).",
            ),
            (
                {"result": {"score_min": 10, "score_max": 5}},
                "result['score_min'] (10) must not be above result['score_max'] (5).",
            ),
            ({"result": {"score_raw": "16"}}, "result['score_raw'] must be a finite number, got '16'."),
            ({"result": {"success": "yes"}}, "result['success'] must be True or False, got 'yes'."),
            ({"result": {"duration_seconds": -5}}, "result['duration_seconds'] must be zero or more, got -5."),
            (
                {"result": {"progress": 0.5}},
                "Unknown result keys: progress; expected some of: score_scaled, score_raw, score_min, score_max, "
                "success, completion, duration_seconds, response.",
            ),
            ({"registration": "not-a-uuid"}, "registration must be a UUID, got 'not-a-uuid'."),
            ({"extensions": {"sessionid": "x"}}, "Extension keys must be absolute IRIs, got 'sessionid'."),
            ({"occurred_at": datetime(2026, 3, 10, 17, 42)}, "occurred_at must be timezone-aware."),
            ({"object_name": "x" * 256}, "The statement was refused: "),
        ],
    )
    def test_bad_input_is_refused_and_nothing_is_stored(self, record, make_lrs, overrides, message):
        make_lrs()  # with an LRS configured, so no outbox entry may appear either
        before = _counts()
        with pytest.raises(ValueError) as refused:
            record(**overrides)
        assert str(refused.value).startswith(message) if message.endswith(": ") else str(refused.value) == message
        assert _counts() == before

    def test_anonymous_user_is_refused(self, record):
        from django.contrib.auth.models import AnonymousUser

        with pytest.raises(ValueError, match="A statement needs a saved user"):
            record(user=AnonymousUser())
        assert _counts() == (0, 0, 0)

    def test_first_statement_refused_creates_no_actor_account(self, record, learner):
        with pytest.raises(ValueError):
            record(object_name="x" * 256)
        assert not ActorAccount.objects.filter(user=learner).exists()


class TestOutbox:
    def test_no_outbox_without_lrs(self, record, settings):
        settings.XAPI_LRS_URL = ""
        record()
        assert OutboxEntry.objects.count() == 0

    def test_outbox_entry_with_lrs_and_delivery_enqueued_on_commit(
        self, record, make_lrs, django_capture_on_commit_callbacks
    ):
        lrs = make_lrs()
        with django_capture_on_commit_callbacks() as callbacks:
            statement = record()
        entry = OutboxEntry.objects.get(statement=statement)
        assert entry.status == "pending"
        assert len(callbacks) == 1
        assert lrs.requests == []  # nothing sent before commit

    def test_rolled_back_action_records_and_sends_nothing(self, record, make_lrs, django_capture_on_commit_callbacks):
        lrs = make_lrs()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            with pytest.raises(RuntimeError), transaction.atomic():
                record()
                raise RuntimeError("the caller's action failed")
        assert callbacks == []
        assert _counts() == (0, 0, 0)
        assert lrs.requests == []
