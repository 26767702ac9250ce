"""Write attestations de fin de formation: one per course completion, a snapshot of that day."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from courses.models import CoursePage

from ..models import Attestation, CourseCompletion, Enrolment


@transaction.atomic
def attestation_issue(*, completion: CourseCompletion) -> Attestation:
    """Return the attestation of ``completion``, issuing it first if needed (idempotent)."""
    existing = Attestation.objects.filter(completion=completion).first()
    if existing is not None:
        return existing
    course = CoursePage.objects.select_related("organisation").get(pk=completion.course_id)
    user = completion.user
    enrolment = Enrolment.objects.select_related("cohort").filter(user_id=completion.user_id, course=course).first()
    completed_on = timezone.localdate(completion.completed_at)
    if enrolment is None:
        started_on = completed_on
    elif enrolment.cohort is not None:
        started_on = min(enrolment.cohort.starts_on, timezone.localdate(enrolment.enrolled_at))
    else:
        started_on = timezone.localdate(enrolment.enrolled_at)
    attestation = Attestation(
        completion=completion,
        user=user,
        course=course,
        learner_name=(user.get_full_name() or user.email)[:300],
        course_title=course.title[:255],
        organisation_name=course.organisation.name,
        hours=course.duration_hours,
        started_on=started_on,
        completed_on=completed_on,
        competencies=[
            {"reference": competency.reference, "title": competency.title}
            for competency in course.competencies.select_related("framework", "block").order_by(
                "framework__sort_order", "block__sort_order", "sort_order"
            )
        ],
    )
    attestation.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            attestation.save()
    except IntegrityError:
        # Issued concurrently (one-to-one on the completion) or, astronomically unlikely, a public id clash.
        return Attestation.objects.get(completion=completion)
    return attestation
