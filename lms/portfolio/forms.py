"""Forms of the portfolio pages: they parse input; the services sanitise, check and store."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.frameworks.models import Block, Competency, EvidenceType, Framework

from .models import EvidenceItem, JuryOpinionValue, Portfolio
from .selectors import title_frameworks
from .services.evidence import DESCRIPTION_MAX_CHARS, TITLE_MAX_CHARS
from .services.examples import MAX_RICH_TEXT_INPUT
from .services.jury import COMMENT_MAX_CHARS, NOTES_MAX_CHARS
from .services.sharing import SHARE_DEFAULT_DAYS
from .uploads import MAX_EVIDENCE_BYTES

RICH_TEXT_HELP = _(
    "Texte simple : laissez une ligne vide entre deux paragraphes. Mise en forme acceptée : "
    '&lt;strong&gt;, &lt;em&gt;, listes &lt;ul&gt;/&lt;ol&gt; avec &lt;li&gt;, liens &lt;a href="https://…"&gt;. '
    "Le reste est retiré à l'enregistrement."
)


class BlockChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} — {obj.activity_type}" if obj.activity_type else obj.code


class CompetencyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        label = f"{obj.block.code} · {obj.code} — {obj.title}"
        return f"{label} ({_('intitulé provisoire')})" if obj.is_provisional else label


class EvidenceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.title


def _competencies(portfolio: Portfolio):
    return (
        Competency.objects.filter(framework_id=portfolio.framework_id)
        .select_related("framework", "block")
        .order_by("block__sort_order", "sort_order", "code")
    )


class PortfolioCreateForm(forms.Form):
    framework = forms.ModelChoiceField(
        label=_("Titre professionnel visé"), queryset=Framework.objects.none(), empty_label=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = title_frameworks()
        self.fields["framework"].label_from_instance = lambda obj: f"{obj.title} ({obj.code})"


class PracticeExampleForm(forms.Form):
    """The fields of the DP's practice example, in the order of the official template."""

    block = BlockChoiceField(label=_("Activité-type concernée"), queryset=Block.objects.none(), empty_label=None)
    title = forms.CharField(label=_("Intitulé de l'exemple"), max_length=255)
    tasks = forms.CharField(
        label=_("Tâches ou opérations effectuées et conditions de réalisation"),
        max_length=MAX_RICH_TEXT_INPUT,
        widget=forms.Textarea(attrs={"rows": 10, "data-portfolio-count": ""}),
        help_text=RICH_TEXT_HELP,
    )
    means = forms.CharField(
        label=_("Moyens et outils utilisés"),
        max_length=MAX_RICH_TEXT_INPUT,
        widget=forms.Textarea(attrs={"rows": 5, "data-portfolio-count": ""}),
    )
    collaborators = forms.CharField(
        label=_("Personnes avec qui vous avez travaillé"),
        max_length=MAX_RICH_TEXT_INPUT,
        widget=forms.Textarea(attrs={"rows": 4, "data-portfolio-count": ""}),
    )
    context_structure = forms.CharField(
        label=_("Contexte : structure"), max_length=200, widget=forms.TextInput(attrs={"data-portfolio-count": ""})
    )
    context_service = forms.CharField(
        label=_("Contexte : service"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"data-portfolio-count": ""}),
    )
    context_period = forms.CharField(
        label=_("Contexte : période"),
        max_length=200,
        help_text=_("Par exemple : de mars à juin 2025, un atelier par semaine."),
        widget=forms.TextInput(attrs={"data-portfolio-count": ""}),
    )
    extra = forms.CharField(
        label=_("Informations complémentaires (facultatif)"),
        max_length=MAX_RICH_TEXT_INPUT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "data-portfolio-count": ""}),
    )
    competencies = CompetencyChoiceField(
        label=_("Compétences mobilisées"),
        queryset=Competency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    evidence = EvidenceChoiceField(
        label=_("Preuves associées"),
        queryset=EvidenceItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, portfolio: Portfolio, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs["data-portfolio-count"] = ""
        self.fields["block"].queryset = Block.objects.filter(framework_id=portfolio.framework_id).order_by(
            "sort_order", "code"
        )
        self.fields["competencies"].queryset = _competencies(portfolio)
        self.fields["evidence"].queryset = EvidenceItem.objects.filter(portfolio=portfolio).order_by(
            "-occurred_on", "-pk"
        )


class EvidenceUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier"),
        help_text=_(
            "PDF, image (PNG, JPEG, WebP) ou document bureautique (ODT, ODS, ODP, DOCX, XLSX, PPTX), %(mib)s Mio au plus."
        )
        % {"mib": MAX_EVIDENCE_BYTES // (1024 * 1024)},
    )
    title = forms.CharField(label=_("Intitulé"), max_length=TITLE_MAX_CHARS)
    evidence_type = forms.ModelChoiceField(
        label=_("Type de preuve"), queryset=EvidenceType.objects.none(), required=False
    )
    occurred_on = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    description = forms.CharField(
        label=_("Description (facultatif)"),
        max_length=DESCRIPTION_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    competencies = CompetencyChoiceField(
        label=_("Compétences que ce justificatif étaye"),
        queryset=Competency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    people_consent = forms.BooleanField(
        label=_("J'ai l'accord des personnes photographiées"),
        required=False,
        help_text=_("Obligatoire pour une photo : sans l'accord des personnes qui y figurent, ne la déposez pas."),
    )

    def __init__(self, *args, portfolio: Portfolio, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence_type"].queryset = EvidenceType.objects.order_by("sort_order", "label")
        self.fields["competencies"].queryset = _competencies(portfolio)


class HonourStatementForm(forms.Form):
    accept = forms.BooleanField(label=_("Je signe cette déclaration sur l'honneur"), required=False)


class ShareForm(forms.Form):
    jury_email = forms.EmailField(
        label=_("Adresse e-mail du membre du jury"),
        help_text=_("La personne doit avoir un compte Tremplin de membre de jury."),
    )
    expires_on = forms.DateField(
        label=_("Accès jusqu'au (inclus)"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = timezone.localdate() + timedelta(days=SHARE_DEFAULT_DAYS)


class JuryCompetencyForm(forms.Form):
    value = forms.ChoiceField(
        label=_("Avis"), choices=JuryOpinionValue.choices, widget=forms.RadioSelect, required=False
    )
    comment = forms.CharField(
        label=_("Commentaire (facultatif)"),
        max_length=COMMENT_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class JuryCommentForm(forms.Form):
    body = forms.CharField(
        label=_("Commentaire"), max_length=COMMENT_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 3})
    )


class JuryNotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Appréciation générale"),
        max_length=NOTES_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class AccountDeleteForm(forms.Form):
    email = forms.EmailField(label=_("Votre adresse e-mail"))
    password = forms.CharField(label=_("Votre mot de passe"), strip=False, widget=forms.PasswordInput)


class VerificationForm(forms.Form):
    file = forms.FileField(label=_("PDF à comparer"))
