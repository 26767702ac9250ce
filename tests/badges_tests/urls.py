"""The project's URLs with the badges app mounted, until the lead adds the line to ``lms/urls.py``.

The assessments URLs are mounted here too while the project does not yet: the Wagtail admin menu
(which the badge-class admin tests render) links to them.
"""

from django.urls import include, path

from lms import urls as project_urls

_mounted = {getattr(pattern, "namespace", None) for pattern in project_urls.urlpatterns}

urlpatterns = [path("badges/", include("lms.badges.urls"))]
if "assessments" not in _mounted:
    urlpatterns.append(path("evaluations/", include("assessments.urls")))
urlpatterns += project_urls.urlpatterns
