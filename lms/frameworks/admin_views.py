"""Wagtail admin screens for the frameworks and their vocabularies, grouped under « Référentiels ».

Only users holding the models' Django permissions (superusers and administrators) see them: no other
group is granted these permissions.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from .forms import CompetencyForm, CompetencyMappingForm
from .models import Block, Competency, CompetencyMapping, EvidenceType, Framework, Theme


class _RelatedIndexView(IndexView):
    """List rows with the relations their labels name, in one query."""

    select_related: tuple[str, ...] = ()

    def get_base_queryset(self):
        return super().get_base_queryset().select_related(*self.select_related)


class BlockIndexView(_RelatedIndexView):
    select_related = ("framework",)


class CompetencyIndexView(_RelatedIndexView):
    select_related = ("framework",)


class CompetencyMappingIndexView(_RelatedIndexView):
    select_related = ("source__framework", "target__framework")


class FrameworkViewSet(ModelViewSet):
    model = Framework
    icon = "doc-full"
    menu_label = _("Référentiels")
    form_fields = [
        "code", "kind", "title", "former_title", "certifier", "title_code", "rncp_code", "rncp_status",
        "level", "level_min", "level_max", "nsf", "legal_text", "source", "valid_from", "superseded_on",
        "superseded_by", "status", "note", "sort_order",
    ]  # fmt: skip
    list_display = ["code", "title", "kind", "rncp_code", "status", "superseded_on"]
    list_filter = ["kind", "status"]
    search_fields = ["code", "title"]


class BlockViewSet(ModelViewSet):
    model = Block
    icon = "list-ul"
    menu_label = _("Blocs de compétences")
    index_view_class = BlockIndexView
    form_fields = ["framework", "code", "activity_type", "rncp_block_code", "status", "note", "sort_order"]
    list_display = ["__str__", "activity_type", "status"]
    list_filter = ["framework", "status"]
    search_fields = ["code", "activity_type"]


class CompetencyViewSet(ModelViewSet):
    model = Competency
    icon = "circle-check"
    menu_label = _("Compétences")
    index_view_class = CompetencyIndexView
    edit_handler = ObjectList(
        [FieldPanel(name) for name in ("framework", "block", "code", "title", "status", "sort_order")],
        base_form_class=CompetencyForm,
    )
    list_display = ["__str__", "status"]
    list_filter = ["framework", "status"]
    search_fields = ["code", "title"]


class CompetencyMappingViewSet(ModelViewSet):
    model = CompetencyMapping
    icon = "resubmit"
    menu_label = _("Correspondances")
    index_view_class = CompetencyMappingIndexView
    edit_handler = ObjectList(
        [FieldPanel(name) for name in ("source", "target", "status", "note")],
        base_form_class=CompetencyMappingForm,
    )
    list_display = ["source", "target", "status"]
    list_filter = ["status"]


class ThemeViewSet(ModelViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Thèmes de formation continue")
    form_fields = ["code", "title", "description", "source_status", "status", "sort_order"]
    list_display = ["title", "code", "status"]
    list_filter = ["status"]
    search_fields = ["code", "title"]


class EvidenceTypeViewSet(ModelViewSet):
    model = EvidenceType
    icon = "clipboard-list"
    menu_label = _("Types de preuves")
    form_fields = ["code", "label", "use", "sort_order"]
    list_display = ["label", "code", "use"]
    search_fields = ["code", "label"]


class FrameworksViewSetGroup(ModelViewSetGroup):
    menu_label = _("Référentiels")
    menu_icon = "doc-full-inverse"
    menu_order = 270
    items = (
        # Namespaced apart from the public « frameworks » URLs; all under /admin/referentiels/.
        FrameworkViewSet("frameworks_admin_framework", url_prefix="referentiels/titres"),
        BlockViewSet("frameworks_admin_block", url_prefix="referentiels/blocs"),
        CompetencyViewSet("frameworks_admin_competency", url_prefix="referentiels/competences"),
        CompetencyMappingViewSet("frameworks_admin_mapping", url_prefix="referentiels/correspondances"),
        ThemeViewSet("frameworks_admin_theme", url_prefix="referentiels/themes"),
        EvidenceTypeViewSet("frameworks_admin_evidence_type", url_prefix="referentiels/types-de-preuves"),
    )
