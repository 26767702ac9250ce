"""The catalogue's filters and search, kept out of the page model."""

from decimal import Decimal

from django import forms
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _

from lms.frameworks.models import Block, Theme

from .models import CatalogueIndexPage, CoursePage, LessonPage, Modality
from .selectors import course_cards

DURATIONS = {
    "short": (_("Moins de 4 h"), Decimal("0"), Decimal("3.9")),
    "day": (_("De 4 à 7 h"), Decimal("4"), Decimal("7")),
    "long": (_("Plus de 7 h"), Decimal("7.1"), Decimal("1000")),
}
PAGE_SIZE = 24


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Rechercher"), required=False, max_length=200)
    theme = forms.ModelChoiceField(
        label=_("Thème"), queryset=Theme.objects.all(), required=False, to_field_name="code", empty_label=_("Tous")
    )
    block = forms.ChoiceField(label=_("Bloc de compétences"), required=False)
    duration = forms.ChoiceField(
        label=_("Durée"), required=False, choices=[("", _("Toutes"))] + [(k, v[0]) for k, v in DURATIONS.items()]
    )
    modality = forms.ChoiceField(label=_("Modalité"), required=False, choices=[("", _("Toutes"))] + Modality.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        blocks = Block.objects.select_related("framework").exclude(competencies=None).distinct()
        self.fields["block"].choices = [("", _("Tous"))] + [
            (f"{b.framework.code}:{b.code}", f"{b.framework.code} · {b.code}") for b in blocks
        ]


def filter_courses(*, data: dict) -> tuple[CatalogueFilterForm, list[CoursePage] | object]:
    """Apply the catalogue filters in ``data``; return the bound form and the matching courses."""
    form = CatalogueFilterForm(data)
    courses = CoursePage.objects.live()
    if not form.is_valid():
        return form, course_cards(queryset=courses.none())
    cleaned = form.cleaned_data
    if cleaned["theme"]:
        courses = courses.filter(theme=cleaned["theme"])
    if cleaned["block"]:
        framework_code, block_code = cleaned["block"].split(":", 1)
        courses = courses.filter(
            competencies__framework__code=framework_code, competencies__block__code=block_code
        ).distinct()
    if cleaned["duration"]:
        _label, low, high = DURATIONS[cleaned["duration"]]
        courses = courses.filter(duration_hours__gte=low, duration_hours__lte=high)
    if cleaned["modality"]:
        courses = courses.filter(modality=cleaned["modality"])
    if cleaned["q"]:
        courses = courses.filter(pk__in=search_course_ids(query=cleaned["q"]))
    return form, course_cards(queryset=courses)


def search_course_ids(*, query: str) -> set[int]:
    """Return the ids of live courses matching ``query`` in their own fields or in a lesson."""
    ids = {page.pk for page in CoursePage.objects.live().search(query)}
    lesson_paths = {lesson.path[: -CoursePage.steplen] for lesson in LessonPage.objects.live().search(query)}
    if lesson_paths:
        ids |= set(CoursePage.objects.live().filter(path__in=lesson_paths).values_list("pk", flat=True))
    return ids


def catalogue_context(*, request, catalogue: CatalogueIndexPage) -> dict:
    form, courses = filter_courses(data=request.GET)
    paginator = Paginator(courses, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return {
        "filter_form": form,
        "courses": page,
        "result_count": paginator.count,
        "querystring": querystring.urlencode(),
    }
