"""The learner's own actions: enrol, finish a lesson, follow « Mon parcours », choose a target title."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from courses.models import CoursePage, LessonPage
from courses.selectors import lesson_navigation

from .. import selectors, services
from ..errors import LearningError
from ..forms import TargetFrameworkForm
from .common import login_then, refused


@require_POST
def enrol(request, course_id: int):
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    if not request.user.is_authenticated:
        return login_then(request, course.get_url(request))
    try:
        services.enrolment_create(user=request.user, course=course)
    except LearningError as error:
        return refused(request, error, back_url=course.get_url(request))
    messages.success(request, _("Vous êtes inscrit·e à « %(course)s ». Bonne formation !") % {"course": course.title})
    return redirect(course.get_url(request))


@require_POST
def lesson_complete(request, lesson_id: int):
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    if not request.user.is_authenticated:
        return login_then(request, lesson.get_url(request))
    try:
        services.lesson_complete(user=request.user, lesson=lesson)
    except LearningError as error:
        return refused(request, error, back_url=lesson.get_url(request))
    messages.success(request, _("Leçon « %(lesson)s » terminée.") % {"lesson": lesson.title})
    navigation = lesson_navigation(lesson=lesson)
    following = navigation["next_lesson"] or navigation["course"]
    return redirect(following.get_url(request))


@login_required
@require_GET
def dashboard(request):
    context = selectors.learner_dashboard(user=request.user)
    profile = context["profile"]
    context["target_form"] = TargetFrameworkForm(
        initial={"target_framework": profile.target_framework_id if profile else None}
    )
    return render(request, "learning/dashboard.html", context)


@login_required
@require_POST
def target_framework(request):
    form = TargetFrameworkForm(request.POST)
    if not form.is_valid():
        context = selectors.learner_dashboard(user=request.user)
        context["target_form"] = form
        return render(request, "learning/dashboard.html", context, status=400)
    services.learner_profile_update(user=request.user, target_framework=form.cleaned_data["target_framework"])
    messages.success(request, _("Votre titre visé est enregistré."))
    return redirect("learning:dashboard")
