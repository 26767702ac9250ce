"""Note at login what the site's chrome needs to know about the person, so pages need no query for it."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

#: Session key: whether the person could open the Wagtail admin when they logged in.
USERBAR_SESSION_KEY = "tremplin_userbar"


@receiver(user_logged_in, dispatch_uid="tremplin_userbar_at_login")
def remember_admin_access(sender, request, user, **kwargs):
    # Wagtail's userbar loads every permission of the user (two queries) on each page to decide
    # whether to show itself; learners, the great majority, never see it. The admin itself still
    # checks the permission on every request: a role granted later shows the userbar at next login.
    if request is not None and hasattr(request, "session"):
        request.session[USERBAR_SESSION_KEY] = user.has_perm("wagtailadmin.access_admin")
