from datetime import UTC, datetime, timedelta, timezone

import pytest

from lms.records.verbs import ACTIVITY_TYPES, VERBS
from lms.records.xapi import build_result, format_duration, format_timestamp


class TestVocabulary:
    @pytest.mark.parametrize(
        ("key", "iri"),
        [
            ("registered", "http://adlnet.gov/expapi/verbs/registered"),
            ("launched", "http://adlnet.gov/expapi/verbs/launched"),
            ("attempted", "http://adlnet.gov/expapi/verbs/attempted"),
            ("answered", "http://adlnet.gov/expapi/verbs/answered"),
            ("completed", "http://adlnet.gov/expapi/verbs/completed"),
            ("passed", "http://adlnet.gov/expapi/verbs/passed"),
            ("failed", "http://adlnet.gov/expapi/verbs/failed"),
            ("scored", "http://adlnet.gov/expapi/verbs/scored"),
            ("attended", "http://adlnet.gov/expapi/verbs/attended"),
            ("earned", "http://id.tincanapi.com/verb/earned"),
        ],
    )
    def test_verb_iris(self, key, iri):
        assert VERBS[key].iri == iri
        assert set(VERBS[key].display) == {"fr-FR", "en-US"}

    def test_the_contract_verbs_are_exactly_these(self):
        assert len(VERBS) == 10

    @pytest.mark.parametrize(
        ("key", "iri"),
        [
            ("course", "http://adlnet.gov/expapi/activities/course"),
            ("lesson", "http://adlnet.gov/expapi/activities/lesson"),
            ("assessment", "http://adlnet.gov/expapi/activities/assessment"),
            ("question", "http://adlnet.gov/expapi/activities/cmi.interaction"),
            ("meeting", "http://adlnet.gov/expapi/activities/meeting"),
            ("badge", "https://w3id.org/xapi/openbadges/activity-types/badge"),
        ],
    )
    def test_activity_type_iris(self, key, iri):
        assert ACTIVITY_TYPES[key].iri == iri


class TestFormatDuration:
    @pytest.mark.parametrize(
        ("seconds", "expected"),
        [
            (3723, "PT1H2M3S"),
            (0, "PT0S"),
            (0.004, "PT0S"),
            (59.5, "PT59.5S"),
            (90.123, "PT1M30.12S"),
            (3600, "PT1H"),
            (120, "PT2M"),
            (1085, "PT18M5S"),
            (93_600, "PT26H"),
        ],
    )
    def test_iso_8601_durations_to_the_hundredth(self, seconds, expected):
        assert format_duration(seconds) == expected


class TestFormatTimestamp:
    def test_utc_with_milliseconds_and_z(self):
        paris = timezone(timedelta(hours=1))
        assert format_timestamp(datetime(2026, 3, 10, 18, 42, tzinfo=paris)) == "2026-03-10T17:42:00.000Z"
        assert format_timestamp(datetime(2026, 3, 10, 17, 42, 0, 123456, tzinfo=UTC)) == "2026-03-10T17:42:00.123Z"


class TestBuildResult:
    def test_full_result(self):
        result = build_result(
            {
                "score_scaled": 0.8,
                "score_raw": 16,
                "score_min": 0,
                "score_max": 20,
                "success": True,
                "completion": True,
                "duration_seconds": 1085,
                "response": "B",
            }
        )
        assert result == {
            "score": {"scaled": 0.8, "raw": 16, "min": 0, "max": 20},
            "success": True,
            "completion": True,
            "response": "B",
            "duration": "PT18M5S",
        }

    def test_empty_result_is_left_out(self):
        assert build_result(None) == {}
        assert build_result({}) == {}

    def test_scaled_may_be_negative_down_to_minus_one(self):
        assert build_result({"score_scaled": -1})["score"] == {"scaled": -1}
