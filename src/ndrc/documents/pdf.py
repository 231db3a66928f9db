"""Render a Django template to a PDF (WeasyPrint, A4, French)."""

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML, URLFetcher

# WeasyPrint's cache, shared by the documents a process renders (a session's thousand
# transcripts): what it keeps of fonts and images is the same from one document to the next.
_CACHE: dict = {}


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """The PDF of `template_name` (which extends `documents/print_base.html`) with `context`.

    The page is A4, the language French; resources resolve from the package folder only.
    """
    with translation.override("fr"):
        html = render_to_string(template_name, context)
    # A document is made from the application's own data and files: never fetch the network
    # (a URL typed by a user must not make the server issue requests).
    fetcher = URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=False)
    document = HTML(string=html, base_url=str(settings.PACKAGE_DIR), url_fetcher=fetcher)
    return document.write_pdf(cache=_CACHE)
