from django.urls import path

from . import views

app_name = "records"

urlpatterns = [
    path("", views.statement_list, name="list"),
    path("export.json", views.export_json, name="export_json"),
    path("export.csv", views.export_csv, name="export_csv"),
]
