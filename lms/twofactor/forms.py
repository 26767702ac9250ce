from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

ERROR_TOKEN_FORMAT = _("Saisissez les 6 chiffres affichés par votre application.")


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code à 6 chiffres"),
        min_length=6,
        max_length=6,
        validators=[RegexValidator(r"^\d{6}$", ERROR_TOKEN_FORMAT)],
        error_messages={"min_length": ERROR_TOKEN_FORMAT, "max_length": ERROR_TOKEN_FORMAT},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": r"\d{6}", "autofocus": True}
        ),
    )
