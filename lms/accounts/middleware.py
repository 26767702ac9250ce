from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Choose the interface language: the switcher's cookie, else the person's preference, else French.

    Unlike Django's LocaleMiddleware, the browser's Accept-Language header is ignored on purpose: Tremplin
    is French first, and people switch to English explicitly (the choice is kept in a cookie).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = dict(settings.LANGUAGES)

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.available:
            user = getattr(request, "user", None)
            preferred = getattr(user, "preferred_language", None) if user and user.is_authenticated else None
            language = preferred if preferred in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
