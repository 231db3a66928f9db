"""Render a Django template to a PDF (WeasyPrint, A4, French)."""

from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML, URLFetcher


def _document(template_name: str, context: dict[str, Any]) -> HTML:
    with translation.override("fr"):
        html = render_to_string(template_name, context)
    # A document is made from the application's own data and files: never fetch the network
    # (a URL typed by a user must not make the server issue requests).
    fetcher = URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=False)
    return HTML(string=html, base_url=str(settings.PACKAGE_DIR), url_fetcher=fetcher)


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """The PDF of `template_name` (which extends `documents/print_base.html`) with `context`.

    The page is A4, the language French; resources resolve from the package folder only.
    """
    return _document(template_name, context).write_pdf()


def render_pdf_many(
    template_name: str,
    contexts: Sequence[dict[str, Any]],
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """One PDF of `template_name` rendered once per context, the pages one after the other
    (a cohort's certificates), reporting `progress(done, total)` after each."""
    pages = []
    first = None
    for done, context in enumerate(contexts, start=1):
        rendered = _document(template_name, context).render()
        first = first or rendered
        pages.extend(rendered.pages)
        if progress is not None:
            progress(done, len(contexts))
    if first is None:
        raise ValueError("no document to render")
    return first.copy(pages).write_pdf()
