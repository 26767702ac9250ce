import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection

from lms.learning.errors import (
    ATTENDANCE_TOO_EARLY,
    CODE_OUTSIDE_SESSION,
    CODE_RATE_LIMITED,
    CODE_WRONG,
    NOT_REGISTERED,
    SESSION_FULL,
    SESSION_STARTED,
    UNREGISTER_TOO_LATE,
    LearningError,
)
from lms.learning.models import CourseCompletion, LessonCompletion, LiveSessionRegistration
from lms.learning.models.live import ATTENDANCE_CODE_ALPHABET, attendance_code_generate
from lms.learning.services import (
    live_session_attendance_code_submit,
    live_session_attendance_record,
    live_session_register,
    live_session_unregister,
    session_reminders_send,
)
from lms.records.models import Statement
from tests.accounts_tests.factories import OrganisationFactory, UserFactory

from .factories import enrol, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _refusal(callable_, **kwargs) -> LearningError:
    with pytest.raises(LearningError) as refusal:
        callable_(**kwargs)
    return refusal.value


class TestAttendanceCode:
    def test_six_unambiguous_characters(self):
        codes = {attendance_code_generate() for _ in range(200)}
        assert len(codes) > 190
        for code in codes:
            assert len(code) == 6 and set(code) <= set(ATTENDANCE_CODE_ALPHABET)
        assert not set("0O1IL") & set(ATTENDANCE_CODE_ALPHABET)


class TestRegister:
    def test_registers_once_and_records_it(self, learner):
        session = make_session(OrganisationFactory())
        first = live_session_register(user=learner, session_id=session.pk)
        assert live_session_register(user=learner, session_id=session.pk) == first
        statement = Statement.objects.get(user=learner, verb="registered")
        assert statement.object_type == "meeting"
        assert statement.object_id == f"http://testserver/sessions/{session.pk}/"

    def test_capacity_is_enforced(self, learner):
        session = make_session(OrganisationFactory(), capacity=1)
        live_session_register(user=UserFactory(), session_id=session.pk)
        refusal = _refusal(live_session_register, user=learner, session_id=session.pk)
        assert (refusal.message, refusal.status_code) == (SESSION_FULL, 409)
        assert session.registrations.count() == 1

    def test_refused_once_started_and_unregister_before_start_only(self, learner):
        organisation = OrganisationFactory()
        started = make_session(organisation, starts_in=timedelta(minutes=-5))
        assert _refusal(live_session_register, user=learner, session_id=started.pk).message == SESSION_STARTED
        LiveSessionRegistration.objects.create(user=learner, session=started)
        assert _refusal(live_session_unregister, user=learner, session_id=started.pk).message == UNREGISTER_TOO_LATE
        assert started.registrations.count() == 1
        later = make_session(organisation)
        live_session_register(user=learner, session_id=later.pk)
        live_session_unregister(user=learner, session_id=later.pk)
        assert not later.registrations.exists()


def _register_in_thread(barrier, user_id, session_id, outcomes):
    from lms.accounts.models import User

    try:
        user = User.objects.get(pk=user_id)
        barrier.wait(timeout=10)
        live_session_register(user=user, session_id=session_id)
        outcomes.append("ok")
    except LearningError as error:
        outcomes.append(str(error.message))
    finally:
        connection.close()


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Needs PostgreSQL (DATABASE_URL): SQLite serialises writers, so there is no race.",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestConcurrentRegistrations:
    def test_last_seat_goes_to_one_learner(self):
        session = make_session(OrganisationFactory(), capacity=3)
        users = [UserFactory() for _ in range(8)]
        barrier = threading.Barrier(len(users))
        outcomes: list[str] = []
        threads = [
            threading.Thread(target=_register_in_thread, args=(barrier, user.pk, session.pk, outcomes))
            for user in users
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(outcomes) == sorted(["ok"] * 3 + [str(SESSION_FULL)] * 5)
        assert session.registrations.count() == 3


class TestAttendanceList:
    def test_marks_the_checked_learners_and_counts_toward_completion(self, course, lessons, learner):
        course.required_live_sessions = 1
        course.save_revision().publish()
        enrol(learner, course)
        LessonCompletion.objects.bulk_create([LessonCompletion(user=learner, lesson=x, course=course) for x in lessons])
        session = make_session(course.organisation, course=course, starts_in=timedelta(minutes=-30))
        absent = UserFactory()
        for user in (learner, absent):
            LiveSessionRegistration.objects.create(user=user, session=session)
        stranger = UserFactory()
        assert live_session_attendance_record(session=session, user_ids=[learner.pk, stranger.pk]) == 1
        assert live_session_attendance_record(session=session, user_ids=[learner.pk]) == 0  # kept, not doubled
        registration = LiveSessionRegistration.objects.get(user=learner)
        assert registration.attended and registration.attendance_method == "list"
        assert not LiveSessionRegistration.objects.get(user=absent).attended
        assert not LiveSessionRegistration.objects.filter(user=stranger).exists()
        assert Statement.objects.filter(user=learner, verb="attended").count() == 1
        assert CourseCompletion.objects.filter(user=learner, course=course).exists()

    def test_not_before_the_session(self, learner):
        session = make_session(OrganisationFactory())
        LiveSessionRegistration.objects.create(user=learner, session=session)
        refusal = _refusal(live_session_attendance_record, session=session, user_ids=[learner.pk])
        assert refusal.message == ATTENDANCE_TOO_EARLY
        assert not LiveSessionRegistration.objects.filter(attended=True).exists()


class TestAttendanceCodeSubmit:
    @pytest.fixture
    def session(self, learner):
        session = make_session(OrganisationFactory(), starts_in=timedelta(hours=-1), duration_minutes=90)
        LiveSessionRegistration.objects.create(user=learner, session=session)
        return session

    def test_valid_code_during_the_session(self, session, learner):
        code = session.attendance_code
        typed = f" {code[:3].lower()}-{code[3:]} "
        registration = live_session_attendance_code_submit(user=learner, session_id=session.pk, code=typed)
        assert registration.attended and registration.attendance_method == "code"
        assert Statement.objects.filter(user=learner, verb="attended").count() == 1

    @pytest.mark.parametrize("offset", [timedelta(minutes=-1), timedelta(minutes=90 + 15, seconds=1)])
    def test_refused_outside_the_session(self, session, learner, offset):
        refusal = _refusal(
            live_session_attendance_code_submit,
            user=learner,
            session_id=session.pk,
            code=session.attendance_code,
            now=session.starts_at + offset,
        )
        assert (refusal.message, refusal.status_code) == (CODE_OUTSIDE_SESSION, 409)
        assert not LiveSessionRegistration.objects.get(user=learner).attended

    def test_grace_period_after_the_end(self, session, learner):
        now = session.starts_at + timedelta(minutes=90 + 14)
        code = session.attendance_code
        assert live_session_attendance_code_submit(user=learner, session_id=session.pk, code=code, now=now).attended

    def test_not_registered(self, session):
        refusal = _refusal(
            live_session_attendance_code_submit, user=UserFactory(), session_id=session.pk, code=session.attendance_code
        )
        assert (refusal.message, refusal.status_code) == (NOT_REGISTERED, 403)

    def test_rate_limited_after_five_wrong_codes(self, session, learner):
        wrong = "ZZZZZZ" if session.attendance_code != "ZZZZZZ" else "YYYYYY"
        for _attempt in range(5):
            refusal = _refusal(live_session_attendance_code_submit, user=learner, session_id=session.pk, code=wrong)
            assert refusal.message == CODE_WRONG
        # Even the right code is refused now, so guessing cannot go on.
        refusal = _refusal(
            live_session_attendance_code_submit, user=learner, session_id=session.pk, code=session.attendance_code
        )
        assert (refusal.message, refusal.status_code) == (CODE_RATE_LIMITED, 429)
        assert not LiveSessionRegistration.objects.get(user=learner).attended
        # Another learner of the same session is not locked out.
        other = UserFactory()
        LiveSessionRegistration.objects.create(user=other, session=session)
        assert live_session_attendance_code_submit(user=other, session_id=session.pk, code=session.attendance_code)


class TestReminders:
    def test_sends_once_for_sessions_of_the_next_24_hours(self, learner):
        organisation = OrganisationFactory()
        tomorrow = make_session(organisation, starts_in=timedelta(hours=20), title="Demain")
        next_week = make_session(organisation, starts_in=timedelta(days=7), title="Plus tard")
        for session in (tomorrow, next_week):
            LiveSessionRegistration.objects.create(user=learner, session=session)
        assert session_reminders_send() == 1
        assert session_reminders_send() == 0
        assert len(mail.outbox) == 1
        assert mail.outbox[0].subject.startswith("Rappel : « Demain » ")
        assert mail.outbox[0].to == [learner.email]
        assert f"http://testserver/sessions/{tomorrow.pk}/" in mail.outbox[0].body
        assert LiveSessionRegistration.objects.get(session=tomorrow).reminder_sent_at is not None
        assert LiveSessionRegistration.objects.get(session=next_week).reminder_sent_at is None
