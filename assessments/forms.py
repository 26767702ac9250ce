"""Admin forms (question bank, assessment page) and the trainers' grading form."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from .question_types import REGISTRY

FOREIGN_QUESTION = _("La question « %(question)s » n'appartient pas à l'organisme de cette formation.")
DUPLICATE_QUESTION = _("La question « %(question)s » figure deux fois.")
DRAW_NEEDS_COMPETENCIES = _("Choisissez les compétences du tirage, ou remettez le nombre de questions tirées à 0.")
FEEDBACK_MAX_LENGTH = 5000


def config_help_text() -> str:
    """Return the help of the ``config`` field: one JSON example per question type."""
    lines = [
        str(_("Données propres au type de question, au format JSON ; les identifiants sont ajoutés automatiquement."))
    ]
    for question_type in REGISTRY.values():
        lines.append(f"• {question_type.label} : {json.dumps(question_type.config_example, ensure_ascii=False)}")
    return "\n".join(lines)


class QuestionAdminForm(WagtailAdminModelForm):
    """Edit a bank question; the organisation is limited to the editor's own organisations."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .selectors import question_bank_organisations

        if "organisation" in self.fields and self.for_user is not None:
            organisations = question_bank_organisations(user=self.for_user)
            self.fields["organisation"].queryset = organisations
            if not self.instance.pk and len(organisations) == 1:
                self.fields["organisation"].initial = organisations[0].pk
        if "config" in self.fields:
            self.fields["config"].help_text = config_help_text()
            self.fields["config"].widget.attrs.update({"rows": 14, "spellcheck": "false"})


class AssessmentPageForm(WagtailAdminPageForm):
    """Check that fixed questions belong to the course's organisation and that a draw has competencies."""

    def is_valid(self):
        # Child formsets are validated after the page form's clean(), so check them here.
        valid = super().is_valid()
        if valid:
            self._check_questions()
            self._check_draw()
        return valid and not self.errors

    def _organisation_id(self):
        parent = self.parent_page or (self.instance.get_parent() if self.instance.pk else None)
        return getattr(parent.specific, "organisation_id", None) if parent else None

    def _check_questions(self):
        formset = self.formsets.get("question_links")
        if formset is None:
            return
        organisation_id = self._organisation_id()
        seen = set()
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            question = data.get("question")
            if question is None or data.get("DELETE"):
                continue
            if organisation_id is not None and question.organisation_id != organisation_id:
                self.add_error(None, FOREIGN_QUESTION % {"question": question})
            if question.pk in seen:
                self.add_error(None, DUPLICATE_QUESTION % {"question": question})
            seen.add(question.pk)

    def _check_draw(self):
        if self.cleaned_data.get("draw_per_competency") and not self.cleaned_data.get("competencies"):
            self.add_error("competencies", DRAW_NEEDS_COMPETENCIES)


class RubricGradeForm(forms.Form):
    """Grade an answer with its rubric: one radio group per criterion, a feedback, a reason if regrading."""

    feedback = forms.CharField(
        label=_("Commentaire pour l'apprenant·e"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=FEEDBACK_MAX_LENGTH,
    )
    reason = forms.CharField(
        label=_("Raison de la modification"),
        help_text=_("Obligatoire si vous modifiez une note déjà attribuée ; conservée dans l'historique."),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
    )

    def __init__(self, *args, rubric: dict, initial_levels: list[int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rubric = rubric
        for index, criterion in enumerate(rubric["criteria"]):
            choices = [(str(level_index), level["label"]) for level_index, level in enumerate(criterion["levels"])]
            self.fields[f"criterion_{index}"] = forms.TypedChoiceField(
                label=criterion["title"],
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                initial=str(initial_levels[index]) if initial_levels and index < len(initial_levels) else None,
                error_messages={"required": _("Choisissez un niveau pour ce critère.")},
            )

    def criterion_rows(self):
        """Pair each criterion's bound field with its levels, for the radio grid template."""
        return [
            {"field": self[f"criterion_{index}"], "criterion": criterion, "index": index}
            for index, criterion in enumerate(self.rubric["criteria"])
        ]

    def levels(self) -> list[int]:
        return [self.cleaned_data[f"criterion_{index}"] for index in range(len(self.rubric["criteria"]))]
