"""Wagtail admin screens for cohorts, live sessions and enrolments, grouped under « Parcours ».

Creation and edition go through the services, like the front-office screens. Only users holding the
models' Django permissions (administrators) see them; trainers use the « organisme » screens.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic import CreateView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from .models import Cohort, Enrolment, LiveSeries, LiveSession
from .services import (
    cohort_create,
    cohort_update,
    enrolment_create,
    live_session_create,
    live_session_update,
)

LIVE_SESSION_FIELDS = [
    "organisation", "course", "series", "title", "description", "starts_at", "duration_minutes", "place",
    "video_url", "capacity", "trainer",
]  # fmt: skip


class _RelatedIndexView(IndexView):
    select_related: tuple[str, ...] = ()

    def get_base_queryset(self):
        return super().get_base_queryset().select_related(*self.select_related)


class CohortIndexView(_RelatedIndexView):
    select_related = ("organisation", "course")


class CohortCreateView(CreateView):
    def save_instance(self):
        data = dict(self.form.cleaned_data)
        return cohort_create(**data)


class CohortEditView(EditView):
    def save_instance(self):
        data = {key: self.form.cleaned_data[key] for key in ("name", "starts_on", "ends_on", "trainers")}
        return cohort_update(cohort=self.object, **data)


class CohortViewSet(ModelViewSet):
    model = Cohort
    icon = "group"
    menu_label = _("Sessions de formation")
    index_view_class = CohortIndexView
    add_view_class = CohortCreateView
    edit_view_class = CohortEditView
    form_fields = ["organisation", "course", "name", "starts_on", "ends_on", "trainers"]
    list_display = ["name", "course", "organisation", "starts_on", "ends_on"]
    list_filter = ["organisation"]
    search_fields = ["name"]


class LiveSessionIndexView(_RelatedIndexView):
    select_related = ("organisation", "series")


class LiveSessionCreateView(CreateView):
    def save_instance(self):
        return live_session_create(**self.form.cleaned_data)


class LiveSessionEditView(EditView):
    def save_instance(self):
        data = {key: value for key, value in self.form.cleaned_data.items() if key != "organisation"}
        return live_session_update(session=self.object, **data)


class LiveSessionViewSet(ModelViewSet):
    model = LiveSession
    icon = "date"
    menu_label = _("Sessions en direct")
    index_view_class = LiveSessionIndexView
    add_view_class = LiveSessionCreateView
    edit_view_class = LiveSessionEditView
    form_fields = LIVE_SESSION_FIELDS
    list_display = ["title", "starts_at", "series", "organisation", "capacity"]
    list_filter = ["organisation", "series"]
    search_fields = ["title"]


class LiveSeriesViewSet(ModelViewSet):
    model = LiveSeries
    icon = "list-ul"
    menu_label = _("Cycles de sessions")
    form_fields = ["organisation", "title", "description"]
    list_display = ["title", "organisation"]
    search_fields = ["title"]


class EnrolmentIndexView(_RelatedIndexView):
    select_related = ("user", "course", "cohort")


class EnrolmentCreateView(CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return enrolment_create(
            user=data["user"], course=data["course"], cohort=data.get("cohort"), source=data["source"]
        )


class EnrolmentViewSet(ModelViewSet):
    model = Enrolment
    icon = "user"
    menu_label = _("Inscriptions")
    index_view_class = EnrolmentIndexView
    add_view_class = EnrolmentCreateView
    form_fields = ["user", "course", "cohort", "source"]
    list_display = ["user", "course", "cohort", "source", "enrolled_at"]
    list_filter = ["source", "cohort"]


class LearningViewSetGroup(ModelViewSetGroup):
    menu_label = _("Parcours")
    menu_icon = "group"
    menu_order = 280
    items = (
        CohortViewSet("learning_cohort", url_prefix="parcours/sessions-de-formation"),
        LiveSeriesViewSet("learning_liveseries", url_prefix="parcours/cycles"),
        LiveSessionViewSet("learning_livesession", url_prefix="parcours/sessions-en-direct"),
        EnrolmentViewSet("learning_enrolment", url_prefix="parcours/inscriptions"),
    )
