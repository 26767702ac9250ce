"""Trainers' pages: award a badge by hand with a narrative, revoke an issued badge."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import selectors, services
from ..forms import ManualAwardForm, RevokeForm
from ..models import Assertion, AssertionStatus, BadgeClass


def _refuse_strangers(request) -> None:
    """Raise 403 unless the user trains for an organisation (or is a superuser)."""
    if request.user.is_superuser:
        return
    if not selectors.organisation_ids_for(user=request.user, roles=selectors.AWARDING_ROLES):
        raise PermissionDenied


def _refuse_other_organisations(request) -> None:
    """Raise 403 when the posted badge class belongs to an organisation the user does not train for."""
    class_id = request.POST.get("badge_class", "")
    if not class_id.isdigit():
        return
    organisation_id = BadgeClass.objects.filter(pk=int(class_id)).values_list("organisation_id", flat=True).first()
    if organisation_id is not None and not selectors.user_can_award(user=request.user, organisation_id=organisation_id):
        raise PermissionDenied


@login_required
def manual_award(request):
    _refuse_strangers(request)
    status = 200
    if request.method == "POST":
        _refuse_other_organisations(request)
        form = ManualAwardForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.assertion_award_manual(
                    badge_class=data["badge_class"],
                    learner=data["learner"],
                    trainer=request.user,
                    narrative=data["narrative"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Badge « %(badge)s » attribué à %(learner)s ; il sera délivré dans un instant.")
                    % {"badge": data["badge_class"], "learner": data["learner"]},
                )
                return redirect("badges:manual_award")
        status = 400
    else:
        form = ManualAwardForm(user=request.user)
    context = {"form": form, "awarded": selectors.assertions_awarded_by_organisations(user=request.user)}
    return render(request, "badges/manual_award.html", context, status=status)


@login_required
def assertion_revoke(request, uuid):
    assertion = get_object_or_404(
        Assertion.objects.select_related("badge_class", "issuer", "recipient"), uuid=uuid, status=AssertionStatus.ISSUED
    )
    if not selectors.user_can_award(user=request.user, organisation_id=assertion.issuer.organisation_id):
        raise PermissionDenied
    status = 200
    form = RevokeForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.assertion_revoke(assertion=assertion, reason=form.cleaned_data["reason"], actor=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Le badge est révoqué."))
                return redirect("badges:manual_award")
        status = 400
    return render(request, "badges/revoke.html", {"form": form, "assertion": assertion}, status=status)
