"""URLs of the badges app, mounted at ``/badges/``.

The issuer, class and assertion URLs are identifiers inside issued badges: never change them.
"""

from django.urls import path

from .views import learner, public, trainer

app_name = "badges"

urlpatterns = [
    path("mes-badges/", learner.my_badges, name="my_badges"),
    path("attribuer/", trainer.manual_award, name="manual_award"),
    path("issuers/<int:pk>.json", public.issuer_json, name="issuer_json"),
    path("issuers/<int:pk>/profile.json", public.issuer_profile, name="issuer_profile"),
    path("issuers/<int:pk>/keys/<str:key_id>.json", public.issuer_key, name="issuer_key"),
    path("issuers/<int:pk>/revocations.json", public.issuer_revocations, name="issuer_revocations"),
    path("issuers/<int:pk>/status-list.json", public.issuer_status_list, name="issuer_status_list"),
    path("issuers/<int:pk>/image", public.issuer_image, name="issuer_image"),
    path("classes/<int:pk>.json", public.class_json, name="class_json"),
    path("classes/<int:pk>/image.<str:kind>", public.class_image, name="class_image"),
    path("assertions/<uuid:uuid>.json", public.assertion_json, name="assertion_json"),
    path("assertions/<uuid:uuid>/", public.assertion_page, name="assertion_page"),
    path("assertions/<uuid:uuid>/badge.<str:kind>", public.assertion_image, name="assertion_image"),
    path("assertions/<uuid:uuid>/credential.json", public.assertion_credential, name="assertion_credential"),
    path("assertions/<uuid:uuid>/revoquer/", trainer.assertion_revoke, name="assertion_revoke"),
]
