"""The one framework-event receiver of the app: content changes trigger a completion recompute."""

from functools import partial

from django.db import transaction


def course_content_published(sender, instance, **kwargs) -> None:
    """Enqueue ``learning.recompute_course_completions`` once the publication of a course or lesson commits.

    Idempotent: recomputing twice records nothing more. Nothing is computed in the request.
    """
    from courses.models import CoursePage, LessonPage

    from .tasks import recompute_course_completions

    if isinstance(instance, CoursePage):
        course_id = instance.pk
    elif isinstance(instance, LessonPage):
        course_id = (
            CoursePage.objects.filter(path=instance.path[: -instance.steplen]).values_list("pk", flat=True).first()
        )
    else:
        return
    if course_id is not None:
        transaction.on_commit(partial(recompute_course_completions.delay, course_id))
