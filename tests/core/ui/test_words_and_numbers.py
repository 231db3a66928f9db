"""Words and numbers as French readers expect, on every role's pages and documents of the demo:
no raw code (`apprenti_habilite`), hours, rates and amounts written the French way ("350 h",
"43 %", "1 823,03 €", the number held to its unit by a no-break space), no path of the
repository (`docs/…`) where an article should be cited.

The walk and its checks are here; they run in the crawl of `tests/dashboard/test_crawler.py`
(`test_every_link_a_role_is_shown_leads_somewhere_allowed`), on the answers its own walk had
(the whole demo on the crawler's day): each page of a role is rendered once for both.
"""

import html
import io
import re
from collections import Counter
from urllib.parse import urljoin, urlparse

from pypdf import PdfReader

ROLES = ("responsable", "enseignant", "enseignante", "examens", "apprenant", "maitre", "tuteur")
SKIPPED = ("/deconnexion", "/static/", "/admin/", "/api/", "/i18n/", "/media/")

# A snake_case token in the text read is a code the page forgot to turn into words.
RAW_CODE = re.compile(r"(?<![\w@./-])[a-z]+(?:_[a-z0-9]+)+(?![\w@.-])")
# A quantity whose unit is parted from it by a plain space, glued to it, or written with a dot.
LOOSE_UNIT = re.compile(r"\d(?: |)(?:h|%|€)(?!\w)|\d\.\d+[\s\u00a0]?(?:h|%|€)(?!\w)")


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style|textarea)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(page))


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def links(page: str, base: str) -> list[tuple[str, str]]:
    """The page's links, as (method, URL). Not its buttons that issue a PDF: their POST
    answers a redirect to the document's download (or 403, 404), never a page or a PDF whose
    words are read; the crawler's own walk issues PDFs and reads them
    (tests/dashboard/test_crawler.py)."""
    found = [("get", href) for href in re.findall(r'href="([^"#]+)"', page)]
    kept = []
    for method, href in found:
        url = urljoin(base, html.unescape(href))
        parsed = urlparse(url)
        if parsed.netloc or not parsed.path.startswith("/"):
            continue
        if any(parsed.path.startswith(prefix) for prefix in SKIPPED):
            continue
        kept.append((method, url))
    return kept


def faults(text: str) -> list[str]:
    found = [f"code {m.group()}" for m in RAW_CODE.finditer(text)]
    found += [f"unit {text[max(0, m.start() - 12) : m.end()]!r}" for m in LOOSE_UNIT.finditer(text)]
    found += [f"path {m.group()}" for m in re.finditer(r"docs/[\w./-]*", text)]
    return found


def crawl(client, depth: int = 3, per_kind: int = 3) -> dict[str, list[str]]:
    """Every page and PDF reachable from the home page in `depth` clicks, at most `per_kind`
    of each kind of address (/apprenants/N/): their faults, by URL. `client` answers `get` (a
    logged-in test client, or the crawler's `Visitor`, which asks each once)."""
    start = ("get", "/")
    seen, kinds, report, frontier = {start}, Counter(), {}, [start]
    for _level in range(depth + 1):
        following = []
        for _method, url in frontier:
            response = client.get(url)
            if response.status_code != 200:
                continue
            kind = response.get("Content-Type", "")
            if kind.startswith("application/pdf"):
                text = pdf_text(response.content)
            elif kind.startswith("text/html"):
                page = response.content.decode()
                text = visible_text(page)
                for link in links(page, url):
                    pattern = (link[0], re.sub(r"\d+", "N", urlparse(link[1]).path))
                    if link in seen or kinds[pattern] >= per_kind:
                        continue
                    seen.add(link)
                    kinds[pattern] += 1
                    following.append(link)
            else:
                continue
            if problems := faults(text):
                report[url] = sorted(set(problems))
        frontier = following
    return report
