"""Wagtail admin screens for organisations and memberships; writes go through the services."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic import CreateView, DeleteView
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Membership, Organisation
from .services import membership_create, membership_delete, organisation_groups_ensure


class OrganisationCreateView(CreateView):
    def save_instance(self):
        instance = super().save_instance()
        organisation_groups_ensure(organisation=instance)
        return instance


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organismes")
    add_to_admin_menu = True
    menu_order = 250
    add_view_class = OrganisationCreateView
    form_fields = ["name", "slug", "siret", "contact_email", "contact_phone", "website", "logo"]
    list_display = ["name", "siret", "contact_email"]
    search_fields = ["name", "siret"]


class MembershipCreateView(CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return membership_create(
            user=data["user"], organisation=data["organisation"], role=data["role"], actor=self.request.user
        )


class MembershipDeleteView(DeleteView):
    def delete_action(self):
        membership_delete(membership=self.object, actor=self.request.user)


class MembershipViewSet(ModelViewSet):
    model = Membership
    icon = "user"
    menu_label = _("Rôles dans les organismes")
    add_to_admin_menu = True
    menu_order = 260
    add_view_class = MembershipCreateView
    delete_view_class = MembershipDeleteView
    form_fields = ["user", "organisation", "role"]
    list_display = ["user", "organisation", "role"]
    list_filter = ["organisation", "role"]
