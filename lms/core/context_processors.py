from django.utils.translation import gettext_lazy as _


def site_navigation(request):
    """Provide the main navigation links (no query: fixed URLs only)."""
    items = [
        {"label": _("Accueil"), "url": "/"},
        {"label": _("Formations"), "url": "/formations/"},
        {"label": _("Référentiels"), "url": "/referentiels/"},
    ]
    for item in items:
        item["current"] = (
            item["url"] == "/"
            and request.path == "/"
            or (item["url"] != "/" and request.path.startswith(str(item["url"])))
        )
    return {"site_nav": items}
