from django.urls import path

from . import views

app_name = "frameworks"

urlpatterns = [
    path("", views.framework_index, name="index"),
    path("<slug:code>/", views.framework_detail, name="detail"),
]
