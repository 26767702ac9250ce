"""The project's URLs with the portfolio and badges apps mounted, until the lead adds the lines to ``lms/urls.py``."""

from django.urls import include, path

from lms import urls as project_urls

urlpatterns = [
    path("portfolio/", include("lms.portfolio.urls")),
    path("badges/", include("lms.badges.urls")),
    *project_urls.urlpatterns,
]
