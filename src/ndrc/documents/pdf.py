"""Render a Django template to a PDF (WeasyPrint, A4, French).

`render_html` writes the page (Django templates, French); `html_to_pdf` lays it out (WeasyPrint
alone, no Django: it can run in a worker process, as a session's thousand transcripts do).
"""

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

# WeasyPrint is imported with the first document laid out, not with this module: its import costs
# a second of CPU to every process that loads the pages (each command, each server process), and
# most of them print nothing.

# WeasyPrint's cache, shared by the documents a process renders (a session's thousand
# transcripts): what it keeps of fonts and images is the same from one document to the next.
_CACHE: dict = {}
# Setting up the fonts (fontconfig and Pango's font map) cost a sixth of each document's layout,
# and is the same for every document (they declare no @font-face): made once per thread, as
# Pango's font map is not to be shared between threads.
_FONTS = threading.local()


def _font_config():
    if not hasattr(_FONTS, "config"):
        from weasyprint.text.fonts import FontConfiguration

        _FONTS.config = FontConfiguration()
    return _FONTS.config


@cache
def _print_html() -> type:
    """A page of ours: WeasyPrint's user-agent rules for any web page give way to those our print
    templates need (documents/print_ua.css), half the time of the styles for the same layout.
    (`_ua_stylesheets` is the hook WeasyPrint's own tests override in the same way.)"""
    from weasyprint import CSS, HTML

    stylesheet = CSS(filename=str(Path(__file__).parent / "templates/documents/print_ua.css"))

    class PrintHTML(HTML):
        def _ua_stylesheets(self, forms: bool = False) -> list:
            return [stylesheet]

    return PrintHTML


def render_html(template_name: str, context: dict[str, Any]) -> str:
    """The HTML of `template_name` (which extends `documents/print_base.html`), in French."""
    with translation.override("fr"):
        return render_to_string(template_name, context)


def _document(html: str, base_url: str):
    from weasyprint import URLFetcher

    # A document is made from the application's own data and files: never fetch the network
    # (a URL typed by a user must not make the server issue requests).
    fetcher = URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=False)
    return _print_html()(string=html, base_url=base_url, url_fetcher=fetcher)


def html_to_pdf(html: str, base_url: str) -> bytes:
    """The A4 PDF of a page; resources resolve from `base_url` (the package folder) only."""
    return _document(html, base_url).write_pdf(font_config=_font_config(), cache=_CACHE)


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """The PDF of `template_name` (which extends `documents/print_base.html`) with `context`."""
    return html_to_pdf(render_html(template_name, context), str(settings.PACKAGE_DIR))


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
        html = render_html(template_name, context)
        rendered = _document(html, str(settings.PACKAGE_DIR)).render(
            font_config=_font_config(), cache=_CACHE
        )
        first = first or rendered
        pages.extend(rendered.pages)
        if progress is not None:
            progress(done, len(contexts))
    if first is None:
        raise ValueError("no document to render")
    return first.copy(pages).write_pdf()


def pdf_workers(workers: int) -> ProcessPoolExecutor:
    """Worker processes laying out PDFs in parallel (`html_to_pdf`), for a long job. Started
    fresh (`spawn`): they inherit no thread, lock nor database connection of this process."""
    import multiprocessing

    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
