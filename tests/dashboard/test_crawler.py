"""Every page of every role, found as the role finds it: log in, then follow the menu and the
dashboard's links, and the links of each page reached, within the site, up to a bound.

No link a page shows may answer 403, 404 or 500; no page shows a raw code (`apprenti_habilite`,
`training_manager`) where a label belongs; every PDF a page offers to issue opens, and cites
articles, not the repository (`docs/`). Apps added later are crawled with no change here: their
pages are reached through the menu and the links of the others.

The whole demo of `ndrc demo` is crawled on Tuesday 12 January 2027: the apprentices' contracts
run, Raphaël Morel is at Optique Bellecour with Marc Dubois (`tuteur`), Emma Petit's E4 situation
A takes place. The same walk, page for page, applies the checks of words and numbers of
`tests/core/ui/test_words_and_numbers.py` (its own walk, reading the answers already had): each
page is rendered once a role.
"""

import html
import io
import re
from collections import deque
from dataclasses import dataclass
from datetime import date
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from pypdf import PdfReader

from ndrc.core.models import Role
from ndrc.learners.models import candidate_category_choices
from tests.core.ui import test_words_and_numbers as words

ON = date(2027, 1, 12)
LOGINS = ("admin", "responsable", "enseignant", "enseignante", "examens", "apprenant", "maitre",
          "tuteur")  # fmt: skip
MAX_PAGES = 160  # per role
PER_SHAPE = 3  # pages of one shape (/apprenants/<id>/) visited per role
MAX_PDFS = 4  # PDFs issued per role (each takes WeasyPrint a moment)
# Not pages of the role: leaving, switching the language, Django's admin, the API's own docs.
SKIPPED = ("/deconnexion/", "/langue/", "/admin/", "/static/", "/api/")

# Codes that must never be read on a page in place of their label.
RAW_CODES = sorted(
    {code for code, _label in candidate_category_choices() if "_" in code}
    | {role.value for role in Role if "_" in role.value}
    | {"grade_proposed", "grade_confirmed"}
)


pytestmark = pytest.mark.django_db


@dataclass
class Answer:
    """What a request answered, its body read (a download to its end, which closes its file)."""

    status_code: int
    headers: dict[str, str]
    content: bytes

    @classmethod
    def of(cls, response) -> "Answer":
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return cls(response.status_code, dict(response.items()), body)

    def __getitem__(self, header: str) -> str:
        return self.headers[header]

    def get(self, header: str, default=None):
        return self.headers.get(header, default)

    @property
    def text(self) -> str:
        return self.content.decode()


class Visitor:
    """A logged-in client that asks each (method, address) once: the walks of one test read
    the answers a walk before them had (a POST issuing a PDF too: its document is issued)."""

    def __init__(self, client):
        self.client, self.answers = client, {}

    def _answer(self, method: str, path: str) -> Answer:
        if (method, path) not in self.answers:
            self.answers[method, path] = Answer.of(getattr(self.client, method)(path))
        return self.answers[method, path]

    def get(self, path: str) -> Answer:
        return self._answer("get", path)

    def post(self, path: str) -> Answer:
        return self._answer("post", path)


def shape(path: str) -> str:
    """A path with its ids and codes blanked: the pages of one kind."""
    path, _, query = path.partition("?")
    path = re.sub(r"/\d+(?=/|$|\.)", "/#", path)
    keys = sorted(part.split("=")[0] for part in query.split("&") if part)
    return path + ("?" + "&".join(keys) if keys else "")


def links(page: str, here: str) -> list[str]:
    found = []
    for href in re.findall(r'<a\s[^>]*href="([^"]+)"', page):
        url = urldefrag(urljoin(here, html.unescape(href)))[0]
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not path.startswith(SKIPPED):
            found.append(path)
    return found


def from_the_menu(home: str) -> deque:
    """The pages to visit first: home, then each link of its menu."""
    menu = re.search(r"<nav[^>]*>(.*?)</nav>", home, flags=re.S).group(1)
    return deque([("/", "the menu"), *((link, "the menu") for link in links(menu, "/"))])


def crawl(client, queue: deque, seen: set, *, max_pages: int, per_shape: int):
    """Breadth first from `queue` ((path, the page linking to it)): (path, source, response)
    of each page not `seen`, at most `per_shape` of a shape, until `max_pages` are seen. A
    redirect's target is visited next. The caller queues the links it follows."""
    shapes: dict[str, int] = {}
    while queue and len(seen) < max_pages:
        path, source = queue.popleft()
        if path in seen or shapes.get(shape(path), 0) >= per_shape:
            continue
        seen.add(path)
        shapes[shape(path)] = shapes.get(shape(path), 0) + 1
        response = client.get(path)
        if response.status_code in (301, 302):
            queue.appendleft((response["Location"], path))
        yield path, source, response


def pdf_forms(page: str, here: str) -> list[str]:
    """The actions of the forms that issue a PDF (a POST that stores it, then its download)."""
    return [
        urljoin(here, html.unescape(action))
        for action in re.findall(r'<form[^>]*method="post"[^>]*action="([^"]+\.pdf)"', page)
        + re.findall(r'<form[^>]*action="([^"]+\.pdf)"[^>]*method="post"', page)
    ]


def visible_text(page: str) -> str:
    """What a reader sees: no tags, no attributes, no scripts."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("login", LOGINS)
def test_every_link_a_role_is_shown_leads_somewhere_allowed(crawled_demo, client, login):
    """No link shown answers 403, 404 or 500 nor sends to the login page, no raw code on a
    page, no `docs/` in a PDF; and, on the pages and PDFs of the walk of words and numbers (a
    role of `words.ROLES`), no raw code, loose unit or path of the repository."""
    client.force_login(crawled_demo.users[login])
    visitor = Visitor(client)
    queue, seen, pdfs = from_the_menu(visitor.get("/").text), set(), 0
    broken, raw, bad_pdfs = [], [], []
    pages = crawl(visitor, queue, seen, max_pages=MAX_PAGES, per_shape=PER_SHAPE)
    for path, source, response in pages:
        if response.status_code in (301, 302):
            target = response["Location"]
            assert not target.startswith("/connexion/"), f"{path} (from {source}) → {target}"
            continue
        if response.status_code != 200:
            broken.append(f"{path} → {response.status_code} (link on {source})")
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            if response.get("Content-Type") == "application/pdf":
                text = pdf_text(response.content)
                if "docs/" in text:
                    where = text.index("docs/")
                    bad_pdfs.append(f"{path}: « …{text[where - 60 : where + 30]}… »")
            continue
        page = response.text
        text = visible_text(page)
        raw.extend(f"{path}: « {code} »" for code in RAW_CODES if code in text)
        body = page[page.index("<main") :]
        queue.extend((link, path) for link in links(body, path))
        for action in pdf_forms(body, path):
            if pdfs >= MAX_PDFS or action in seen:
                continue
            seen.add(action)
            pdfs += 1
            issued = visitor.post(action)
            if issued.status_code != 302:
                broken.append(f"POST {action} → {issued.status_code} (form on {path})")
                continue
            queue.appendleft((issued["Location"], action))
    assert len(seen) >= 10, sorted(seen)  # the role found their way to their pages
    # Words and numbers: its walk, on the answers above and the pages they did not reach.
    report = words.crawl(visitor) if login in words.ROLES else {}
    failures = {
        "links that lead nowhere allowed": broken,
        "raw codes (RAW_CODES)": raw,
        "docs/ in a PDF": bad_pdfs,
        "words and numbers (tests/core/ui/test_words_and_numbers.py)": [
            f"{url}: {', '.join(found)}" for url, found in report.items()
        ],
    }
    assert not any(failures.values()), "\n".join(
        f"{login}, {check}:\n" + "\n".join(found) for check, found in failures.items() if found
    )
