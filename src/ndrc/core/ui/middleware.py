"""The Content-Security-Policy header: the pages load scripts, styles and images from the site only.

No inline script or style runs (htmx is a static file, configured by a <meta> tag), so a value
injected into a page cannot execute. Django 5.2 has no CSP support of its own (it comes in 6.0).
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

DEFAULT_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = getattr(settings, "CONTENT_SECURITY_POLICY", DEFAULT_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


class FrenchFirstLanguageMiddleware:
    """French first: the interface speaks French unless the user chose another language.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and an English browser
    would then get Django's own messages in English among French pages. Here only an explicit
    choice (the language cookie set by the switcher in the footer) changes the language, for
    this request only: the thread serves other requests afterwards, and gets back the language
    it had.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
