from django.urls import path

from . import views

app_name = "twofactor"

urlpatterns = [
    path("", views.enrol, name="enrol"),
    path("verifier/", views.verify, name="verify"),
    path("desactiver/", views.disable, name="disable"),
]
