"""Walk the URL resolver and list the views the authorisation matrix must cover."""

from dataclasses import dataclass

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

# Apps whose code is Tremplin's (the rest is Django, Wagtail and third parties).
TREMPLIN_PACKAGES = ("lms.", "courses", "assessments", "content")
ADMIN_PREFIX = "admin/"
# The one Wagtail admin screen checked for everybody; Wagtail tests its own screens.
ADMIN_ENTRY_POINTS = {"wagtailadmin_home"}


@dataclass(frozen=True)
class Route:
    name: str
    route: str
    module: str


def _is_tremplin(module: str) -> bool:
    return module.startswith(TREMPLIN_PACKAGES)


def _view_model(callback):
    view_class = getattr(callback, "view_class", None)
    model = (getattr(callback, "view_initkwargs", None) or {}).get("model") or getattr(view_class, "model", None)
    if isinstance(model, str):
        model = apps.get_model(model)
    # Some Wagtail views compute ``model`` per request (a property on the class): not a model here.
    return model if hasattr(model, "_meta") else None


def _serves_tremplin_model(callback) -> bool:
    model = _view_model(callback)
    return model is not None and _is_tremplin(apps.get_app_config(model._meta.app_label).name)


def _walk(patterns, prefix: str = "", namespace: str | None = None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            callback = pattern.callback
            module = getattr(callback, "view_class", callback).__module__
            yield Route(name=name or f"<unnamed {route}>", route=route, module=module), callback


def covered_routes() -> list[Route]:
    """Return every route the matrix must cover.

    Everything outside the admin; in the admin, the entry point and every screen that serves a
    Tremplin model or runs Tremplin code (organisations, memberships, users, frameworks, …).
    """
    routes = []
    for route, callback in _walk(get_resolver().url_patterns):
        if route.route.startswith(ADMIN_PREFIX):
            if not (route.name in ADMIN_ENTRY_POINTS or _is_tremplin(route.module) or _serves_tremplin_model(callback)):
                continue
        routes.append(route)
    return routes
