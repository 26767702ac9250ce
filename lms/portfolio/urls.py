"""URLs of the portfolio app, mounted at ``/portfolio/``."""

from django.urls import path

from .views import evidence, examples, exports, jury, learner, public, rights, sharing

app_name = "portfolio"

urlpatterns = [
    path("", learner.portfolio_list, name="list"),
    path("equipe/", learner.staff_search, name="staff_search"),
    path("mes-donnees/", rights.my_data, name="my_data"),
    path("mes-donnees/telecharger/", rights.data_export, name="data_export"),
    path("mes-donnees/supprimer-mon-compte/", rights.account_delete, name="account_delete"),
    path("verification/<str:public_id>/", public.verification, name="verification"),
    path("jury/", jury.jury_home, name="jury_home"),
    path("jury/<str:token>/", jury.jury_portfolio, name="jury_portfolio"),
    path("jury/<str:token>/pdf/", jury.jury_pdf, name="jury_pdf"),
    path("jury/<str:token>/preuves/<int:evidence_id>/fichier/", jury.jury_file, name="jury_file"),
    path("jury/<str:token>/competences/<int:competency_id>/", jury.jury_competency, name="jury_competency"),
    path(
        "jury/<str:token>/exemples/<int:example_id>/commentaire/",
        jury.jury_example_comment,
        name="jury_example_comment",
    ),
    path("jury/<str:token>/appreciation/", jury.jury_notes, name="jury_notes"),
    path("jury/<str:token>/communiquer/", jury.jury_release, name="jury_release"),
    path("<int:pk>/", learner.portfolio_detail, name="detail"),
    path("<int:pk>/couverture/", learner.coverage, name="coverage"),
    path("<int:pk>/declaration/", learner.honour_statement, name="honour_statement"),
    path("<int:pk>/avis-du-jury/", learner.feedback, name="feedback"),
    path("<int:pk>/preuves/mettre-a-jour/", learner.collect, name="collect"),
    path("<int:pk>/preuves/ajouter/", evidence.evidence_upload_view, name="evidence_upload"),
    path("<int:pk>/preuves/<int:evidence_id>/fichier/", evidence.evidence_file, name="evidence_file"),
    path("<int:pk>/preuves/<int:evidence_id>/supprimer/", evidence.evidence_delete_view, name="evidence_delete"),
    path("<int:pk>/exemples/ajouter/", examples.example_create, name="example_create"),
    path("<int:pk>/exemples/<int:example_id>/", examples.example_update, name="example_update"),
    path("<int:pk>/exemples/<int:example_id>/supprimer/", examples.example_delete, name="example_delete"),
    path("<int:pk>/partages/", sharing.shares, name="shares"),
    path("<int:pk>/partages/<int:share_id>/revoquer/", sharing.share_revoke, name="share_revoke"),
    path("<int:pk>/export/", exports.export_request, name="export_request"),
    path("<int:pk>/export/<str:public_id>/", exports.export_detail, name="export_detail"),
    path("<int:pk>/export/<str:public_id>/statut.json", exports.export_status, name="export_status"),
    path("<int:pk>/export/<str:public_id>/telecharger/", exports.export_download, name="export_download"),
    path("<int:pk>/export/<str:public_id>/relancer/", exports.export_retry, name="export_retry"),
]
