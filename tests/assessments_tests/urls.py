"""The project's URLs with the assessments app mounted, until ``lms/urls.py`` includes it."""

from django.urls import include, path

from lms import urls as project_urls

urlpatterns = list(project_urls.urlpatterns)
if not any(getattr(pattern, "namespace", None) == "assessments" for pattern in urlpatterns):
    # Before Wagtail's catch-all page route, which is last.
    urlpatterns.insert(len(urlpatterns) - 1, path("evaluations/", include("assessments.urls")))
