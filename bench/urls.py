"""The project's URLs plus a bare Django view, the fastest response the stack can give (bench reference)."""

from django.urls import path

from lms.urls import urlpatterns as project_urlpatterns

from .views import hello

urlpatterns = [path("bench/hello/", hello), *project_urlpatterns]
