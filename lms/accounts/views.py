from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .forms import (
    AcceptingSetPasswordForm,
    EmailAuthenticationForm,
    InvitationAwarePasswordResetForm,
    ProfileForm,
    SignupForm,
)
from .roles import SiteRole


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.user_create(
            email=data["email"],
            password=data["password1"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            structure=data["structure"],
            departement=data["departement"],
            preferred_language=request.LANGUAGE_CODE or "fr",
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Bienvenue sur Tremplin ! Votre compte est créé."))
        return redirect("accounts:profile")
    return render(request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(user=request.user, **form.cleaned_data)
        messages.success(request, _("Votre profil est enregistré."))
        response = redirect("accounts:profile")
        # The saved preference wins over an earlier choice made with the switcher.
        response.delete_cookie("django_language")
        return response
    roles = set(selectors.user_site_roles(user=request.user))
    memberships = selectors.user_memberships(user=request.user)
    context = {
        "form": form,
        "site_roles": sorted(SiteRole(role).label for role in roles),
        "memberships": memberships,
        # Links to the work spaces this person may open (each view checks again).
        "shows_organisation_space": bool(memberships) or request.user.is_superuser,
        "shows_coordination": bool(roles & {SiteRole.COORDINATOR, SiteRole.ADMINISTRATOR}),
        "shows_jury_space": SiteRole.JURY in roles,
    }
    return render(request, "accounts/profile.html", context, status=400 if form.errors else 200)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    form_class = InvitationAwarePasswordResetForm
    email_template_name = "accounts/emails/password_reset.txt"
    subject_template_name = "accounts/emails/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = AcceptingSetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
