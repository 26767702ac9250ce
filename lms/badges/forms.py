"""Forms of the trainers' pages: award a badge by hand, revoke an issued one."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import manual_award_classes, manual_award_learners
from .services.revocation import REASON_MAX_LENGTH


class LearnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name()
        return f"{name} ({obj.email})" if name else obj.email


class ManualAwardForm(forms.Form):
    badge_class = forms.ModelChoiceField(label=_("Badge"), queryset=None, empty_label=_("Choisissez un badge"))
    learner = LearnerChoiceField(
        label=_("Apprenant·e"),
        queryset=None,
        empty_label=_("Choisissez une personne"),
        help_text=_("Les personnes inscrites à une formation ou à une session de votre organisme."),
    )
    narrative = forms.CharField(
        label=_("Ce qui justifie le badge"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("Publié comme preuve sur la page du badge : décrivez ce que la personne a fait."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["badge_class"].queryset = manual_award_classes(user=user)
        self.fields["learner"].queryset = manual_award_learners(user=user)


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de la révocation"),
        max_length=REASON_MAX_LENGTH,
        help_text=_("Publié dans la liste de révocation de l'émetteur et sur la page du badge."),
    )
