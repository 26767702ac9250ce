from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lms.core import views as core_views

from .api import api_router

urlpatterns = [
    path("healthz/", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("langue/", core_views.language_switch, name="language_switch"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("compte/2fa/", include("lms.twofactor.urls")),
    path("compte/", include("lms.accounts.urls")),
    path("referentiels/", include("lms.frameworks.urls")),
    path("traces/", include("lms.records.urls")),
    path("evaluations/", include("assessments.urls")),
    path("portfolio/", include("lms.portfolio.urls")),
    path("badges/", include("lms.badges.urls")),
    path("", include("lms.learning.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree comes last: it answers every path the apps above do not claim.
urlpatterns += [path("", include(wagtail_urls))]
