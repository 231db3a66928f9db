"""Property-based fuzzing of every form: whatever is typed in it, never a 500.

The forms are found as a user finds them, with no list to keep up to date: the administrator
(who reaches every page) and an anonymous visitor follow the links from the home page, as
`test_crawler.py` does, over the whole demo; every form of a page reached is read (its fields,
their options and values), and the public forms of the admission pages are added. Each form is
then sent a few times by Hypothesis with its fields filled with malformed values
(`tests/fuzz.py`: huge strings, control characters and NUL, unusual Unicode, negative and huge
numbers, impossible or far dates), its own values, or left out, and files with odd names.
Any answer but a server error is fine: the form shown again with its errors, 302, 400, 403,
404, 405, 409, 413, 422, 429.
"""

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.dashboard.test_crawler import ON, SKIPPED, links, shape
from tests.fuzz import FUZZ, odd_text

MAX_PAGES = 400  # per visitor, one page of each shape (about 200 reached)
EXAMPLES = 3  # per form: about 160 kinds of forms (`kind`), each answer a whole page
NOT_FUZZED = (".pdf", "/deconnexion/", "/langue/")  # PDFs (WeasyPrint), leaving, the language


@dataclass
class Form:
    page: str
    action: str
    method: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name → values offered
    files: set[str] = field(default_factory=set)

    @property
    def typed(self) -> list[str]:
        return [name for name in self.fields if name != "csrfmiddlewaretoken"]


class FormReader(HTMLParser):
    """The forms of a page: action, method, and each field with the values the page offers."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page, self.forms, self.current, self.select = page, [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = attrs.get("hx-post") or attrs.get("action") or self.page
            method = "post" if "hx-post" in attrs else (attrs.get("method") or "get").lower()
            self.current = Form(self.page, urljoin(self.page, html.unescape(action)), method)
            self.forms.append(self.current)
            return
        if self.current is None:
            return
        if tag == "option" and self.select:
            self.current.fields[self.select].append(attrs.get("value") or "")
            return
        name = attrs.get("name")
        if not name or tag not in ("input", "select", "textarea", "button"):
            return
        if tag == "input" and attrs.get("type") == "file":
            self.current.files.add(name)
        self.select = name if tag == "select" else None
        values = self.current.fields.setdefault(name, [])
        if attrs.get("value") is not None:
            values.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        if tag == "select":
            self.select = None


def forms_of(page: str, here: str) -> list[Form]:
    reader = FormReader(here)
    reader.feed(page)
    return reader.forms


@pytest.fixture(scope="module")
def world(put_back_for_the_module, whole_demo_rows):
    """The whole demo of `ndrc demo` (tests/conftest.py: built once per run; its records do not
    depend on the day it is built) put back once for the module, on the crawler's day (its
    transaction is rolled back at the end)."""
    from ndrc.demo.population import create_demo_population

    with put_back_for_the_module(whole_demo_rows, on=ON):
        yield create_demo_population()


# Each test's writes are undone by its own transaction, within the module's.
pytestmark = pytest.mark.django_db


def undated(path: str) -> str:
    """The shape of a path (`shape`) with the day of a week blanked: the timetable's weeks
    (`…/semaine/2026-01-19/`), one page of each kind, whose forms differ only by that day."""
    return re.sub(r"/\d{4}-\d{2}-\d{2}(?=/)", "/<day>", shape(path))


def reachable_forms(client) -> dict[str, Form]:
    """The forms of the pages a visitor reaches from the home page by links, one page of each
    shape (a week of each timetable: `undated`), one form per shape of action and fields."""
    queue, seen, shapes, found = ["/"], set(), set(), {}
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen or undated(path) in shapes:
            continue
        seen.add(path)
        shapes.add(undated(path))
        response = client.get(path)
        if response.status_code in (301, 302):
            queue.insert(0, response["Location"])
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        queue.extend(links(response.text, path))
        for form in forms_of(response.text, path):
            action = urlsplit(form.action).path
            if not form.typed or action.endswith(NOT_FUZZED) or action.startswith(SKIPPED):
                continue
            found.setdefault(f"{form.method} {shape(action)} {sorted(form.fields)}", form)
    return found


def public_forms(world) -> list[str]:
    """The admission forms a candidate or a company opens from a link they were given."""
    from ndrc.admissions.models import Intake

    uai = world.centre.uai
    pages = [f"/admission/centre/{uai}/", f"/admission/entreprise/{uai}/offre/"]
    pages += [
        f"/admission/candidater/{key}/"
        for key in Intake.objects.values_list("public_key", flat=True)
    ]
    return pages


def kind(form: Form) -> str:
    """A form by its method, the shape of its action with the day of a week blanked, and its
    fields. The same form on each week's page (`…/semaine/2026-01-19/copier/`: the crawl walks
    the weeks one by one) goes to the same view with the same fields, and Hypothesis, which is
    derandomized, would send each copy the same values: one of each kind is fuzzed."""
    action = undated(urlsplit(form.action).path)
    return f"{form.method} {action} {sorted(form.fields)}"


def values_for(form: Form) -> st.SearchStrategy:
    def one(name: str) -> st.SearchStrategy:
        if name in form.files:
            return st.builds(
                SimpleUploadedFile,
                st.sampled_from(["piece.pdf", "é" * 300 + ".pdf", "../../x.csv", "a\x00b.xlsx"]),
                st.sampled_from([b"", b"%PDF-1.4", b"\x00\xff" * 100, b"a;b\n" * 50]),
            )
        own = [value for value in form.fields[name] if value]
        return (st.sampled_from(own) | odd_text) if own else odd_text

    names = [name for name in form.fields if name != "csrfmiddlewaretoken"]
    return st.fixed_dictionaries({}, optional={name: one(name) for name in names})


def fuzz(client, form: Form) -> str | None:
    """A description of the first input answered by a server error, or None."""

    @settings(FUZZ, max_examples=EXAMPLES)
    @given(data=values_for(form))
    def send(data):
        response = getattr(client, form.method)(form.action, data)
        assert response.status_code < 500

    try:
        send()
    except Exception as error:  # every failure is reported, form by form
        example = "\n".join(getattr(error, "__notes__", []))[:1500]
        return f"{form.method.upper()} {form.action} (form on {form.page}): {error!r}\n{example}"
    return None


@pytest.mark.parametrize("visitor", ["admin", None])
def test_no_input_makes_a_form_fail_with_a_server_error(world, client, visitor):
    if visitor:
        client.force_login(world.users[visitor])
        forms = reachable_forms(client)
    else:
        forms = reachable_forms(client)
        for page in public_forms(world):
            for form in forms_of(client.get(page).text, page):
                if form.typed:
                    forms.setdefault(f"{form.method} {shape(form.action)}", form)
    assert len(forms) >= (150 if visitor else 5), sorted(forms)  # 163 and 7 in December 2026
    kinds = {}
    for key in sorted(forms):
        kinds.setdefault(kind(forms[key]), forms[key])
    failures = [failure for form in kinds.values() if (failure := fuzz(client, form))]
    assert not failures, "\n\n".join(failures)
