"""Every page of every role, in English, shows no French but the data: the crawl of
`test_crawler.py` (the whole demo, the menu, then each page's links) with the language chosen in
the footer, each page's text searched for French (an accented word, a French word such as
« le », « des », « Aucun »).

French stays where it is no interface text, and only there: what people typed or the demo wrote
as theirs (every text stored in the database, but those the application writes itself), the
regulation's wording (the arrêté's, the national indicators' definitions: the engine's data,
French by design), the sources and formulas cited (`class="source"`, `class="formula"`) and the
laws named in a sentence, a value quoted in one (“N° candidat”, “excusé”) or written as a
literal (`<code>`: a grade file's column « U5 écrit »), the headers a French import file may
carry, the centre's follow-up grid as the centre edited it, the e-mails to applicants (sent in
French as written, their defaults too), and a few French words English uses
(arrêté, baccalauréat, Français: the language's own name in the footer). English quotes the
English way: a French quotation mark (« ») left on a page is French too.

What the application writes itself is interface text, even when stored: the checks stored with a
contract or a dossier, a background job's texts (its error too: the crawl meets a failed job of
each role), the follow-up grid's default headings.
"""

import html
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from ndrc.regulation.framework import load_yaml
from tests.dashboard.test_crawler import LOGINS, Visitor, crawl, from_the_menu, links
from tests.dashboard.test_english import (  # noqa: F401 (the fixture compiles the catalogues)
    english_catalogue,
    leftover_french,
)

MAX_PAGES = 120  # per role
PER_SHAPE = 2

FRENCH_WORD = re.compile(
    r"(?<!\w)(?:\w*[éèêëàâçùûôîïœ]\w*|le|la|les|des|du|une|est|pour|avec|sans|dans|aux|et|ou"
    r"|par|sur|Aucun|Aucune|Voir|Fiche|contrat|rubrique)(?!\w)",
    flags=re.I,
)
ENGLISH_TOO = {"arrêté", "baccalauréat", "français"}
# A value quoted in an English sentence (a header of a French file, a word to type, a group's
# name: “N° candidat”, “excusé”), and the French laws cited by name and date.
QUOTED = re.compile(r"“[^“”]{1,40}”")
FRENCH_QUOTE = re.compile(r"[«»]")
CITED = re.compile(
    r"(?:Code (?:du|de l'|de la)\s[\w-]+(?:, article)?|(?:arrêté|décret|loi)(?:\sn°\s*[\d-]+)?"
    r"\sdu\s\d+(?:er)?\s\w+\s\d{4})",
    flags=re.I,
)


def _app_written() -> set:
    """The models, the fields (model, name) and the texts of a model (model, text) that the
    application writes itself (in French when French is the reference): interface text, not
    data."""
    from ndrc.contracts.models import Contract
    from ndrc.exams.models import Decision, Registration
    from ndrc.followup.models import Visit, VisitGridItem
    from ndrc.followup.selectors import DEFAULT_GRID
    from ndrc.jobs.models import Job
    from ndrc.portfolio.models import StoredCohortDossiers, StoredDossierCheck

    # The follow-up grid's default headings, saved with the grid and in each report: the
    # centre's own wording is data (a change's history shows the values as recorded).
    texts = set(_strings(DEFAULT_GRID))
    defaults = {(model, text) for model in (VisitGridItem, Visit) for text in texts}
    return {
        StoredDossierCheck, StoredCohortDossiers, Job, (Contract, "review"),
        (Registration, "problems"), (Registration, "explanation"), (Decision, "explanation"),
        (Decision, "lines"), *defaults,
    }  # fmt: skip


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _data() -> list[str]:
    """The French that is data (see the module), longest first, as a page's text writes it."""
    from ndrc.admissions.defaults import STAGE_EMAILS
    from ndrc.core.models import AuditEntry
    from ndrc.imports import columns
    from ndrc.regulation.framework import FRAMEWORKS_DIR

    found = set()
    written = _app_written()
    for model in apps.get_models():
        if model in written or model is AuditEntry:
            continue
        for field in model._meta.concrete_fields:
            if (model, field.name) in written:
                continue
            if isinstance(field, models.CharField | models.TextField | models.JSONField):
                for value in model._default_manager.values_list(field.attname, flat=True):
                    found.update(text for text in _strings(value) if (model, text) not in written)
    # A record's history: its values as recorded, but those the application wrote itself.
    for entry in AuditEntry.objects.select_related("content_type"):
        model = entry.content_type.model_class()
        if model in written:
            continue
        for side in (entry.before or {}, entry.after or {}):
            for name, value in side.items():
                if (model, name) not in written:
                    found.update(t for t in _strings(value) if (model, t) not in written)
    for path in Path(FRAMEWORKS_DIR).parent.rglob("*.yaml"):
        if "calendar" not in path.parts:  # the holidays' names are interface text (msgids)
            found.update(_strings(load_yaml(path.read_text(encoding="utf-8"))))
    # The e-mails to applicants a centre starts with: French on purpose (sent as written).
    found.update(_strings(STAGE_EMAILS))
    for group in (columns.LEARNER_COLUMNS, columns.COMPANY_COLUMNS):
        found.update(text for column in group for text in (column.label, *column.headers))
    texts = {re.sub(r"\s+", " ", text).strip().lower() for text in found if _kept(text)}
    return sorted((t for t in texts if len(t) > 2 and FRENCH_WORD.search(t)), key=len, reverse=True)


def _kept(text: str) -> bool:
    """A word alone is data when it is a name (capitalised: « Hélène », « François »); a common
    word of the data (« écrit ») would hide the same word in interface text."""
    return " " in text.strip() or text[:1].isupper()


def _truncated_data_out(text: str, data: list[str]) -> str:
    """A label the page cut (« BC02 Relation client à distance et digit… ») is data when what
    is left of it begins a text of the data."""
    if not text.rstrip().endswith("…"):
        return text
    words = text.rstrip()[:-1].split()
    for start in range(len(words)):
        tail = " ".join(words[start:])
        if any(item.startswith(tail) for item in data):
            return " ".join(words[:start])
    return text


def _french_left(page: str, data: list[str], verdicts: dict[str, str]) -> list[str]:
    """The pieces of a page's text that still read French once the data is taken out."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r'<(span|p) class="(?:source|formula)">.*?</\1>', " ", page, flags=re.S)
    page = re.sub(r"<code>.*?</code>", " ", page, flags=re.S)  # a literal value
    found = []
    for piece in re.split(r"<[^>]+>", page):
        piece = re.sub(r"\s+", " ", html.unescape(piece)).strip()
        if not piece or not (FRENCH_WORD.search(piece) or FRENCH_QUOTE.search(piece)):
            continue
        if piece not in verdicts:
            left = piece.lower()
            for text in data:
                if text in left:
                    left = re.sub(rf"(?<!\w){re.escape(text)}(?!\w)", " ", left)
            left = CITED.sub(" ", QUOTED.sub(" ", _truncated_data_out(left, data)))
            words = [w for w in FRENCH_WORD.findall(left) if w not in ENGLISH_TOO]
            verdicts[piece] = piece if words or FRENCH_QUOTE.search(left) else ""
        if verdicts[piece]:
            found.append(verdicts[piece])
    return found


def _failed_jobs(user) -> list:
    """Two background jobs of `user` that failed as a worker leaves them: the grids of a cohort
    with none they may print (a refusal: the service's sentence), and a crash (a plain
    sentence)."""
    from django.utils.translation import gettext_noop

    from ndrc.assessments.selectors import grid_situations
    from ndrc.assessments.services import build_cohort_grids
    from ndrc.jobs.services import start_job
    from ndrc.learners.models import Cohort
    from ndrc.regulation.explanation import Message
    from tests.jobs.functions import crash

    cohort = next(c for c in Cohort.objects.order_by("pk") if not grid_situations(user, c))
    title = Message(gettext_noop("Grilles CCF — %(cohort)s"), cohort=cohort.name)
    refused = start_job(build_cohort_grids, by=user, title=title, arguments={"cohort": cohort})
    title = Message(gettext_noop("Documents de la session %(year)s"), year="2026")
    return [refused, start_job(crash, by=user, title=title)]


@pytest.fixture(scope="module")
def french_data(crawled_demo) -> list[str]:
    """`_data()` of the whole demo put back for the module (the same before each test)."""
    return _data()


@pytest.fixture(scope="module")
def verdicts(french_data) -> dict[str, str]:
    """Each piece of text read so far in the module: itself if it reads French once the data
    is taken out (`_french_left`), else "" — the same on every page of every role."""
    return {}


@pytest.mark.parametrize("login", LOGINS)
def test_every_page_of_a_role_reads_english(crawled_demo, client, login, french_data, verdicts):
    jobs = _failed_jobs(crawled_demo.users[login])
    client.force_login(crawled_demo.users[login])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    visitor = Visitor(client)
    start = visitor.get("/")
    assert start["Content-Language"] == "en"
    queue, seen, french = from_the_menu(start.text), set(), {}
    # The role's failed jobs, as « My jobs » in the menu lists them.
    queue.extend((job.get_absolute_url(), "My jobs") for job in jobs)
    for path, _source, response in crawl(
        visitor, queue, seen, max_pages=MAX_PAGES, per_shape=PER_SHAPE
    ):
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = response.text
        for piece in _french_left(page, french_data, verdicts):
            french.setdefault(piece, path)
        queue.extend((link, path) for link in links(page[page.index("<main") :], path))
    assert len(seen) >= 10 and {job.get_absolute_url() for job in jobs} <= seen
    assert french == {}, "\n".join(f"{path}: « {piece} »" for piece, path in french.items())


pytestmark = pytest.mark.django_db
