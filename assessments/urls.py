from django.urls import path

from .views import attempts, grading, statistics

app_name = "assessments"

urlpatterns = [
    path("<int:page_id>/commencer/", attempts.attempt_start_view, name="attempt_start"),
    path("tentative/<int:attempt_id>/", attempts.attempt_form_view, name="attempt_form"),
    path("tentative/<int:attempt_id>/reponse/", attempts.answer_autosave_view, name="answer_autosave"),
    path("tentative/<int:attempt_id>/resultats/", attempts.attempt_results_view, name="attempt_results"),
    path("correction/", grading.grading_queue_view, name="grading_queue"),
    path("correction/<int:answer_id>/", grading.answer_grade_view, name="answer_grade"),
    path("fichiers/<int:answer_id>/", grading.answer_file_view, name="answer_file"),
    path("statistiques/<int:page_id>/", statistics.assessment_statistics_view, name="statistics"),
]
