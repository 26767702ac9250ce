"""Write, change and delete practice examples (the owner only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..errors import PortfolioError
from ..forms import PracticeExampleForm
from ..sanitize import CHARS_PER_PAGE, THREE_PAGE_BUDGET_CHARS
from ..selectors import example_for_owner
from ..services import practice_example_create, practice_example_delete, practice_example_update
from ..services.examples import example_text_length, rich_text_clean
from .common import form_data, form_error, owned_portfolio

FIELDS = (
    "title",
    "tasks",
    "means",
    "collaborators",
    "context_structure",
    "context_service",
    "context_period",
    "extra",
)


def _length(values: dict) -> int:
    """Measure posted text as it would be stored, for the server-side indicator."""
    rich = {name: rich_text_clean(values.get(name) or "") for name in ("tasks", "means", "collaborators", "extra")}
    return example_text_length({**values, **rich})


def _render(request, *, portfolio, form, example=None, status=200):
    if form.is_bound:
        length = _length({name: form.data.get(name, "") for name in FIELDS})
    else:
        length = example.text_length if example else 0
    context = {
        "portfolio": portfolio,
        "form": form,
        "example": example,
        "length": length,
        "budget": THREE_PAGE_BUDGET_CHARS,
        "chars_per_page": CHARS_PER_PAGE,
        "over_budget": length > THREE_PAGE_BUDGET_CHARS,
        "pages": round(length / CHARS_PER_PAGE, 1),
    }
    return render(request, "portfolio/example_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def example_create(request, pk: int):
    portfolio = owned_portfolio(request, pk)
    form = PracticeExampleForm(*form_data(request), portfolio=portfolio, initial={"block": request.GET.get("ccp")})
    if request.method == "POST":
        if form.is_valid():
            try:
                practice_example_create(portfolio=portfolio, **form.cleaned_data)
            except PortfolioError as error:
                form_error(form, error)
            else:
                messages.success(request, _("Exemple de pratique enregistré."))
                return redirect(portfolio)
        return _render(request, portfolio=portfolio, form=form, status=400)
    return _render(request, portfolio=portfolio, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def example_update(request, pk: int, example_id: int):
    portfolio = owned_portfolio(request, pk)
    example = example_for_owner(portfolio=portfolio, pk=example_id)
    if example is None:
        raise Http404
    initial = {name: getattr(example, name) for name in FIELDS}
    initial.update(
        {
            "block": example.block_id,
            "competencies": list(example.competencies.all()),
            "evidence": list(example.evidence.all()),
        }
    )
    form = PracticeExampleForm(*form_data(request), portfolio=portfolio, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                practice_example_update(example=example, **form.cleaned_data)
            except PortfolioError as error:
                form_error(form, error)
            else:
                messages.success(request, _("Exemple de pratique mis à jour."))
                return redirect(portfolio)
        return _render(request, portfolio=portfolio, form=form, example=example, status=400)
    return _render(request, portfolio=portfolio, form=form, example=example)


@login_required
@require_POST
def example_delete(request, pk: int, example_id: int):
    portfolio = owned_portfolio(request, pk)
    example = example_for_owner(portfolio=portfolio, pk=example_id)
    if example is None:
        raise Http404
    practice_example_delete(example=example)
    messages.success(request, _("Exemple de pratique supprimé."))
    return redirect(portfolio)
