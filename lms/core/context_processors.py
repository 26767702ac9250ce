from django.utils.translation import gettext_lazy as _


def site_navigation(request):
    """Provide the main navigation links (no query: fixed URLs; the signed-in learner's spaces added)."""
    items = [
        {"label": _("Accueil"), "url": "/"},
        {"label": _("Formations"), "url": "/formations/"},
        {"label": _("Référentiels"), "url": "/referentiels/"},
    ]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        items += [
            {"label": _("Mon parcours"), "url": "/mon-parcours/"},
            {"label": _("Sessions en direct"), "url": "/sessions/"},
        ]
    for item in items:
        item["current"] = (
            item["url"] == "/"
            and request.path == "/"
            or (item["url"] != "/" and request.path.startswith(str(item["url"])))
        )
    return {"site_nav": items}
