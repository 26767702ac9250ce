"""The learner's « Mes badges » page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .. import selectors


@login_required
def my_badges(request):
    assertions = list(selectors.badges_for_user(user=request.user, include_revoked=True))
    return render(request, "badges/my_badges.html", {"assertions": assertions})
