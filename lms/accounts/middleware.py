from django.conf import settings
from django.utils import translation


class UserLanguageMiddleware:
    """Use a signed-in person's preferred language unless they chose one with the switcher."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if user is not None and user.is_authenticated and not chosen and not request.path.startswith("/admin/"):
            language = user.preferred_language
            if language in dict(settings.LANGUAGES):
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
