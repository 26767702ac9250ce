from wagtail import hooks

from .admin_views import LearningViewSetGroup
from .services import lesson_visit_record


@hooks.register("register_admin_viewset")
def register_learning_viewsets():
    return LearningViewSetGroup()


@hooks.register("before_serve_page")
def remember_lesson_visit(page, request, serve_args, serve_kwargs):
    # The lesson opened last is where « Reprendre » leads once every required lesson is done.
    from courses.models import LessonPage

    if isinstance(page, LessonPage) and request.user.is_authenticated:
        enrolled = lesson_visit_record(user=request.user, lesson=page)
        # Read by the lesson's progress tags (learning_tags._lesson_state): no second query to ask.
        request._learning_enrolled = (page.path[: -page.steplen], enrolled)
