from django.urls import path

from .views import attestations, coordination, learner, live, organisation

app_name = "learning"

urlpatterns = [
    path("mon-parcours/", learner.dashboard, name="dashboard"),
    path("mon-parcours/titre-vise/", learner.target_framework, name="target_framework"),
    path("inscription/<int:course_id>/", learner.enrol, name="enrol"),
    path("lecons/<int:lesson_id>/terminee/", learner.lesson_complete, name="lesson_complete"),
    path("sessions/", live.session_list, name="session_list"),
    path("sessions/<int:session_id>/", live.session_detail, name="session_detail"),
    path("sessions/<int:session_id>/inscription/", live.session_register, name="session_register"),
    path("sessions/<int:session_id>/desinscription/", live.session_unregister, name="session_unregister"),
    path("sessions/<int:session_id>/code/", live.session_code, name="session_code"),
    path("sessions/<int:session_id>/presences/", live.session_attendance, name="session_attendance"),
    path("attestations/<str:public_id>/", attestations.verify, name="attestation_verify"),
    path("attestations/<str:public_id>/pdf/", attestations.pdf, name="attestation_pdf"),
    path("organisme/", organisation.organisation_home, name="organisation_home"),
    path(
        "organisme/<int:organisation_id>/statistiques.csv", organisation.organisation_export, name="organisation_export"
    ),
    path(
        "organisme/<int:organisation_id>/sessions-de-formation/nouvelle/",
        organisation.cohort_create,
        name="cohort_create",
    ),
    path("organisme/sessions-de-formation/<int:cohort_id>/", organisation.cohort_detail, name="cohort_detail"),
    path("organisme/sessions-de-formation/<int:cohort_id>/modifier/", organisation.cohort_update, name="cohort_update"),
    path("organisme/sessions-de-formation/<int:cohort_id>/import/", organisation.cohort_import, name="cohort_import"),
    path("organisme/imports/<int:import_id>/", organisation.cohort_import_status, name="cohort_import_status"),
    path(
        "organisme/<int:organisation_id>/direct/nouvelle/", organisation.live_session_create, name="live_session_create"
    ),
    path("organisme/direct/<int:session_id>/modifier/", organisation.live_session_update, name="live_session_update"),
    path("coordination/", coordination.coordination, name="coordination"),
]
