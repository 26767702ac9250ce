"""Forms of the learner's journey; they only parse input, the services write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage
from lms.accounts.models import User

from .models import LiveSeries
from .selectors.dashboard import target_frameworks
from .selectors.organisation import STAFF_ROLES
from .services.cohort_import import FILE_TOO_LARGE, MAX_BYTES

DATES_ORDER = _("La date de fin doit suivre la date de début.")


def _staff_of(organisation):
    return (
        User.objects.filter(memberships__organisation=organisation, memberships__role__in=STAFF_ROLES)
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


class TargetFrameworkForm(forms.Form):
    target_framework = forms.ModelChoiceField(
        label=_("Titre professionnel visé"),
        queryset=None,
        required=False,
        empty_label=_("Aucun pour l'instant"),
        help_text=_("Votre tableau de bord suit alors vos progrès sur chaque bloc de compétences de ce titre."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_framework"].queryset = target_frameworks()


class CohortForm(forms.Form):
    name = forms.CharField(label=_("Nom de la session"), max_length=200)
    course = forms.ModelChoiceField(label=_("Formation"), queryset=None)
    starts_on = forms.DateField(label=_("Début"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    ends_on = forms.DateField(label=_("Fin"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    trainers = forms.ModelMultipleChoiceField(
        label=_("Formateur·rices"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = (
            CoursePage.objects.filter(organisation=organisation).defer_streamfields().order_by("title")
        )
        self.fields["trainers"].queryset = _staff_of(organisation)

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", DATES_ORDER)
        return cleaned


class CohortImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV"),
        help_text=_(
            "Colonnes : email, nom (ou first_name et last_name), structure, département. "
            "Séparateur virgule ou point-virgule, 1 Mio et 5 000 lignes au plus."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Checked before reading, so a huge upload is never loaded in memory.
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(FILE_TOO_LARGE)
        return upload


class AttendanceCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code de présence"),
        max_length=12,
        help_text=_("Les 6 caractères affichés par la personne qui anime la session."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )


class LiveSessionForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    course = forms.ModelChoiceField(
        label=_("Formation"),
        queryset=None,
        required=False,
        help_text=_("La présence comptera pour terminer cette formation."),
    )
    series = forms.ModelChoiceField(label=_("Cycle"), queryset=None, required=False)
    starts_at = forms.DateTimeField(
        label=_("Début"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    duration_minutes = forms.IntegerField(label=_("Durée (minutes)"), min_value=5, max_value=600, initial=60)
    place = forms.CharField(label=_("Lieu"), max_length=255, required=False)
    video_url = forms.URLField(label=_("Lien de la visioconférence"), required=False, assume_scheme="https")
    capacity = forms.IntegerField(
        label=_("Nombre de places"), min_value=1, required=False, help_text=_("Laissez vide pour ne pas limiter.")
    )
    trainer = forms.ModelChoiceField(label=_("Formateur·rice"), queryset=None, required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = (
            CoursePage.objects.filter(organisation=organisation).defer_streamfields().order_by("title")
        )
        self.fields["series"].queryset = LiveSeries.objects.filter(organisation=organisation)
        self.fields["trainer"].queryset = _staff_of(organisation)
