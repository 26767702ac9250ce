from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from ..errors import LearningError


def refused(request, error: LearningError, *, back_url: str = ""):
    """Render the refusal message of ``error`` with its status code (4xx); nothing was stored."""
    return render(
        request, "learning/refused.html", {"message": error.message, "back_url": back_url}, status=error.status_code
    )


def login_then(request, url: str):
    """Send an anonymous visitor to the login page, then back to ``url`` (a page, never a POST-only URL)."""
    return redirect_to_login(url)
