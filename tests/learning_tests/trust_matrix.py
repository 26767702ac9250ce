"""The learning app's part of the trust tests: a world extension and the authorisation matrix rows.

Merged by ``tests/trust_tests`` (``WORLD_EXTENSIONS.append(learning_world)`` in ``world.py`` and
``MATRIX.update(learning_matrix())`` at the end of ``matrix.py``).
"""

from datetime import timedelta

from django.utils import timezone


def learning_world(world) -> None:
    """Add a cohort, a completion with its attestation, live sessions and an import to the world."""
    from lms.learning.models import (
        Cohort,
        CohortImport,
        CourseCompletion,
        Enrolment,
        LiveSeries,
        LiveSession,
        LiveSessionRegistration,
    )
    from lms.learning.services import attestation_issue

    learner, trainer = world.users["learner_a"], world.users["trainer_x"]
    today, now = timezone.localdate(), timezone.now()
    cohort = Cohort.objects.create(
        organisation=world.org_x,
        course=world.course_x,
        name="Session de formation X",
        starts_on=today,
        ends_on=today + timedelta(days=30),
    )
    cohort.trainers.set([trainer])
    enrolment = Enrolment.objects.create(user=learner, course=world.course_x, cohort=cohort)
    completion = CourseCompletion.objects.create(user=learner, course=world.course_x)
    series = LiveSeries.objects.create(organisation=world.org_x, title="Cycle X")
    upcoming = LiveSession.objects.create(
        organisation=world.org_x,
        course=world.course_x,
        series=series,
        title="Session en direct X",
        starts_at=now + timedelta(days=2),
        trainer=trainer,
        capacity=50,
    )
    running = LiveSession.objects.create(
        organisation=world.org_x, title="Session en cours X", starts_at=now - timedelta(minutes=10), trainer=trainer
    )
    for session in (upcoming, running):
        LiveSessionRegistration.objects.create(user=learner, session=session)
    world.extra.update(
        cohort_x=cohort,
        enrolment_a=enrolment,
        attestation_a=attestation_issue(completion=completion),
        live_series_x=series,
        live_session_x=upcoming,
        live_session_running=running,
        cohort_import_x=CohortImport.objects.create(cohort=cohort, created_by=trainer, text="email;nom\n"),
    )


def learning_matrix() -> dict:
    """Return the matrix rows of every ``learning:`` URL and of the « Parcours » admin screens."""
    from tests.trust_tests.matrix import MODEL_VIEWSET_VIEWS, admin_viewset, at, case, everyone, only, signed_in

    org_staff = only("trainer_x", "administrator")
    extra = lambda key: lambda w: w.extra[key].pk  # noqa: E731 - a one-line builder factory
    return {
        "learning:dashboard": [case(at("learning:dashboard"), signed_in())],
        "learning:target_framework": [case(at("learning:target_framework"), signed_in(), method="post")],
        # Before « enrol »: only enrolled learners record progress, the others are told to enrol (403).
        "learning:lesson_complete": [
            case(at("learning:lesson_complete", lesson_id=lambda w: w.lesson_x.pk), only("learner_a"), method="post")
        ],
        "learning:enrol": [case(at("learning:enrol", course_id=lambda w: w.course_x.pk), signed_in(), method="post")],
        "learning:session_list": [case(at("learning:session_list"), everyone())],
        "learning:session_detail": [
            case(at("learning:session_detail", session_id=extra("live_session_x")), everyone())
        ],
        "learning:session_register": [
            case(at("learning:session_register", session_id=extra("live_session_x")), signed_in(), method="post")
        ],
        # The right code, during the session: only a registered learner is marked present.
        "learning:session_code": [
            case(
                at("learning:session_code", session_id=extra("live_session_running")),
                only("learner_a"),
                method="post",
                data=lambda w: {"code": w.extra["live_session_running"].attendance_code},
            )
        ],
        "learning:session_attendance": [
            case(at("learning:session_attendance", session_id=extra("live_session_x")), org_staff)
        ],
        # Last of the session rows: it frees learner_a's seat.
        "learning:session_unregister": [
            case(at("learning:session_unregister", session_id=extra("live_session_x")), signed_in(), method="post")
        ],
        # Public by its unguessable id; the PDF for its owner and staff only.
        "learning:attestation_verify": [
            case(at("learning:attestation_verify", public_id=lambda w: w.extra["attestation_a"].public_id), everyone())
        ],
        "learning:attestation_pdf": [
            case(
                at("learning:attestation_pdf", public_id=lambda w: w.extra["attestation_a"].public_id),
                only("learner_a", "administrator"),
            )
        ],
        "learning:organisation_home": [case(at("learning:organisation_home"), org_staff)],
        "learning:organisation_export": [
            case(at("learning:organisation_export", organisation_id=lambda w: w.org_x.pk), org_staff)
        ],
        "learning:cohort_create": [case(at("learning:cohort_create", organisation_id=lambda w: w.org_x.pk), org_staff)],
        "learning:cohort_detail": [case(at("learning:cohort_detail", cohort_id=extra("cohort_x")), org_staff)],
        "learning:cohort_update": [case(at("learning:cohort_update", cohort_id=extra("cohort_x")), org_staff)],
        "learning:cohort_import": [case(at("learning:cohort_import", cohort_id=extra("cohort_x")), org_staff)],
        "learning:cohort_import_status": [
            case(at("learning:cohort_import_status", import_id=extra("cohort_import_x")), org_staff)
        ],
        "learning:live_session_create": [
            case(at("learning:live_session_create", organisation_id=lambda w: w.org_x.pk), org_staff)
        ],
        "learning:live_session_update": [
            case(at("learning:live_session_update", session_id=extra("live_session_x")), org_staff)
        ],
        # Counts only, no names: coordinators and administrators.
        "learning:coordination": [case(at("learning:coordination"), only("coordinator", "administrator"))],
        **admin_viewset("learning_cohort", MODEL_VIEWSET_VIEWS, pk=extra("cohort_x"), expect=only("administrator")),
        **admin_viewset(
            "learning_enrolment", MODEL_VIEWSET_VIEWS, pk=extra("enrolment_a"), expect=only("administrator")
        ),
        **admin_viewset(
            "learning_liveseries", MODEL_VIEWSET_VIEWS, pk=extra("live_series_x"), expect=only("administrator")
        ),
        **admin_viewset(
            "learning_livesession", MODEL_VIEWSET_VIEWS, pk=extra("live_session_x"), expect=only("administrator")
        ),
    }
