"""Wagtail admin screens: badge classes (with their rules) and issued assertions."""

import uuid

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.views.generic import CreateView, DeleteView, EditView, IndexView
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from lms.accounts.models import Organisation

from .images import MAX_UPLOAD_BYTES, BadgeImageError, clean_badge_image
from .models import Assertion, BadgeClass, Issuer
from .selectors import AUTHORING_ROLES, organisation_ids_for
from .services import issuer_ensure


class BadgeImageFormMixin:
    """Check the uploaded image by its content and store a cleaned copy (PNG normalised, SVG sanitised)."""

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload is None or not hasattr(upload, "content_type"):
            return upload  # unchanged: the stored file was cleaned when it was uploaded
        try:
            data, kind = clean_badge_image(upload.read(MAX_UPLOAD_BYTES + 1))
        except BadgeImageError as error:
            raise forms.ValidationError(str(error)) from error
        # The stored name carries the checked type, never the uploaded one.
        return ContentFile(data, name=f"{uuid.uuid4().hex}.{kind}")


class BadgeClassForm(BadgeImageFormMixin, WagtailAdminModelForm):
    """Limit the organisation to the author's own."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and not user.is_superuser and "organisation" in self.fields:
            self.fields["organisation"].queryset = Organisation.objects.filter(
                pk__in=organisation_ids_for(user=user, roles=AUTHORING_ROLES)
            )


class IssuerForm(BadgeImageFormMixin, WagtailAdminModelForm):
    pass


class BadgeClassIndexView(IndexView):
    def get_base_queryset(self):
        policy = self.permission_policy
        return policy.instances_user_has_any_permission_for(self.request.user, ["view"]).select_related("organisation")


class BadgeClassCreateView(CreateView):
    def save_instance(self):
        instance = super().save_instance()
        issuer_ensure(organisation=instance.organisation)
        return instance


class _InstancePermissionMixin:
    """Refuse an object of another organisation: Wagtail's generic views check model permissions only.

    Used by every view that opens one object (edit, delete, history, usage); ``get_object`` has a
    ``queryset`` argument in some of them and none in others, hence ``*args``.
    """

    instance_action = "change"

    def get_object(self, *args, **kwargs):
        instance = super().get_object(*args, **kwargs)
        if not self.permission_policy.user_has_permission_for_instance(
            self.request.user, self.instance_action, instance
        ):
            raise PermissionDenied
        return instance


class _InstanceHistoryView(_InstancePermissionMixin, HistoryView):
    pass


class _InstanceUsageView(_InstancePermissionMixin, UsageView):
    pass


class BadgeClassDeleteView(_InstancePermissionMixin, DeleteView):
    instance_action = "delete"


class BadgeClassEditView(_InstancePermissionMixin, EditView):
    def save_instance(self):
        instance = super().save_instance()
        issuer_ensure(organisation=instance.organisation)
        return instance


class BadgeClassViewSet(ModelViewSet):
    model = BadgeClass
    icon = "pick"
    menu_label = _("Badges")
    index_view_class = BadgeClassIndexView
    add_view_class = BadgeClassCreateView
    edit_view_class = BadgeClassEditView
    delete_view_class = BadgeClassDeleteView
    history_view_class = _InstanceHistoryView
    usage_view_class = _InstanceUsageView
    list_display = ["name", "organisation", "repeatable", "is_active"]
    list_filter = ["is_active", "repeatable"]
    search_fields = ["name", "description"]
    edit_handler = ObjectList(
        [
            FieldPanel("organisation"),
            FieldPanel("name"),
            FieldPanel("description"),
            MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
            MultiFieldPanel(
                [FieldPanel("criteria_narrative"), FieldPanel("criteria_url")], heading=_("Critères d'obtention")
            ),
            FieldPanel("tags"),
            MultiFieldPanel(
                [FieldPanel("competencies"), FieldPanel("blocks")], heading=_("Alignement sur les référentiels")
            ),
            FieldRowPanel([FieldPanel("expires_after_days"), FieldPanel("repeatable"), FieldPanel("is_active")]),
            InlinePanel("rules", heading=_("Règles d'attribution"), label=_("Règle"), min_num=1),
        ],
        base_form_class=BadgeClassForm,
    )


class IssuerIndexView(IndexView):
    def get_base_queryset(self):
        return self.permission_policy.instances_user_has_any_permission_for(self.request.user, ["view"])


class IssuerEditView(_InstancePermissionMixin, EditView):
    pass


class IssuerViewSet(ModelViewSet):
    model = Issuer
    icon = "group"
    menu_label = _("Émetteurs")
    index_view_class = IssuerIndexView
    edit_view_class = IssuerEditView
    history_view_class = _InstanceHistoryView
    usage_view_class = _InstanceUsageView
    add_to_reference_index = False
    list_display = ["name", "organisation", "email"]
    edit_handler = ObjectList(
        [FieldPanel(name) for name in ("name", "url", "email", "description", "image")], base_form_class=IssuerForm
    )


class AssertionIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("badge_class", "recipient")


class AssertionHistoryView(HistoryView):
    # Assertions are read-only in the admin (awards and revocations go through services), so nobody
    # holds add/change/delete; reading the trail of awards and revocations needs "view".
    any_permission_required = ["view"]


class AssertionViewSet(ModelViewSet):
    model = Assertion
    icon = "list-ul"
    # Wagtail would index every assertion's foreign keys on each save: two queries per award, for a
    # "usage" listing nobody needs on assertions.
    add_to_reference_index = False
    menu_label = _("Badges délivrés")
    index_view_class = AssertionIndexView
    history_view_class = AssertionHistoryView
    inspect_view_enabled = True
    form_fields = ["revocation_reason"]
    list_display = ["badge_class", "recipient", "status", "issued_on", "revoked_at", "error"]
    list_filter = ["status"]
    inspect_view_fields = [
        "uuid", "badge_class", "recipient", "status", "error", "attempts", "issued_on", "expires_on",
        "revoked_at", "revocation_reason", "award_key",
    ]  # fmt: skip


class BadgesViewSetGroup(ModelViewSetGroup):
    menu_label = _("Open Badges")
    menu_icon = "pick"
    menu_order = 280
    items = (
        BadgeClassViewSet("badges_admin_class", url_prefix="badges/classes"),
        IssuerViewSet("badges_admin_issuer", url_prefix="badges/emetteurs"),
        AssertionViewSet("badges_admin_assertion", url_prefix="badges/delivres"),
    )
