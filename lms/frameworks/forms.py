"""Admin forms for frameworks: keep a competency in its framework and a crosswalk between two competencies."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import Block, Competency


class CompetencyForm(WagtailAdminModelForm):
    """Refuse a competency filed under a block of another framework."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Block labels name their framework: load it with the options, not once per option.
        if "block" in self.fields:
            self.fields["block"].queryset = Block.objects.select_related("framework")

    def clean(self):
        cleaned_data = super().clean()
        framework, block = cleaned_data.get("framework"), cleaned_data.get("block")
        if framework and block and block.framework_id != framework.pk:
            self.add_error("block", _("Ce bloc appartient à un autre référentiel."))
        return cleaned_data


class CompetencyMappingForm(WagtailAdminModelForm):
    """Refuse a correspondence from a competency to itself, with a readable message."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        competencies = Competency.objects.select_related("framework")
        for name in ("source", "target"):
            if name in self.fields:
                self.fields[name].queryset = competencies

    def clean(self):
        cleaned_data = super().clean()
        source, target = cleaned_data.get("source"), cleaned_data.get("target")
        if source and target and source == target:
            raise forms.ValidationError(_("Une compétence ne peut pas correspondre à elle-même."))
        return cleaned_data
