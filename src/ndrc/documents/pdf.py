"""Render a Django template to a PDF (WeasyPrint, A4, French)."""

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML, default_url_fetcher


def _local_only(url: str, *args: Any, **kwargs: Any) -> dict:
    # A document is made from the application's own data and files: never fetch the network
    # (a user-typed URL must not make the server issue requests).
    if not url.startswith(("file:", "data:")):
        raise ValueError(f"ressource externe refusée dans un document : {url}")
    return default_url_fetcher(url, *args, **kwargs)


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """The PDF of `template_name` (which extends `documents/print_base.html`) with `context`.

    The page is A4, the language French; static files resolve from the package folder.
    """
    with translation.override("fr"):
        html = render_to_string(template_name, context)
    document = HTML(string=html, base_url=str(settings.PACKAGE_DIR), url_fetcher=_local_only)
    return document.write_pdf()
