"""The engine's sentences read in English: every sentence the hand-computed cases write is a
`Message` whose templates (its own and those of the messages inside it) the English catalogue
translates, so that a page in English shows none of it in French; in French, the text is the
engine's, character for character (the cases' own checks)."""

import ast
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from ndrc.core.ui.formats import engine_text
from ndrc.regulation import exam_results, training_calendar
from ndrc.regulation.conformity import check_dossier, parse_dossier
from ndrc.regulation.deliberation import deliberate, parse_candidate
from ndrc.regulation.deliberation.steps import explain
from ndrc.regulation.explanation import Explanation, Message
from tests.dashboard.test_english import (  # noqa: F401 (the fixture compiles the catalogues)
    ENTRIES,
    english_catalogue,
    leftover_french,
)
from tests.regulation import (
    test_assessment_cases,
    test_calendar_cases,
    test_conformity_cases,
    test_deliberation_cases,
    test_exams_cases,
    test_gradebook_cases,
    test_indicator_cases,
    test_master_cases,
    test_registration_cases,
)
from tests.regulation.cases import load_cases

ENGINE = Path(exam_results.__file__).parent
TRANSLATED = {e["msgid"] for e in ENTRIES if e["msgid"] and e["msgstr"].get(0, "").strip()}

# Each folder of cases and the test that runs it: the modules whose sentences a reader sees
# (exam plan, deliberation and results, registration, dossier conformity, CCF commissions,
# competence levels, indicators, attendance, training calendar, masters and tutors).
CASE_RUNS = [
    ("exams", test_exams_cases.test_exam_case),
    ("registration", test_registration_cases.test_registration_case),
    ("conformity", test_conformity_cases.test_conformity_case),
    ("assessments", test_assessment_cases.test_assessment_case),
    ("gradebook", test_gradebook_cases.test_gradebook_case),
    ("indicators", test_indicator_cases.test_indicator_case),
    ("attendance", test_calendar_cases.test_attendance_case),
    ("calendar", test_calendar_cases.test_calendar_case),
    ("masters", test_master_cases.test_master_case),
]


def _words(template: str) -> bool:
    """Whether a template has words to translate (not a formula of figures: "%(a)s + %(b)s")."""
    return any(character.isalpha() for character in re.sub(r"%\(\w+\)s", "", template))


def _untranslated(message: Message) -> list[str]:
    """The templates of a message, and of the messages inside it, the catalogue lacks."""
    template = message.template
    missing = [template] if _words(template) and template not in TRANSLATED else []
    for value in message.values.values():
        if isinstance(value, Message):
            missing += _untranslated(value)
    return missing


def _written(monkeypatch) -> list:
    """The texts the engine writes from now on: its explanations' steps and the calendar's
    reason for each day."""
    texts = []
    add = Explanation.add

    def recorded(self, rule, source, text, **values):
        texts.append(text)
        add(self, rule, source, text, **values)

    monkeypatch.setattr(Explanation, "add", recorded)
    place = training_calendar._place

    def day(*args, **kwargs):
        where, why, halves = place(*args, **kwargs)
        texts.append(why)
        return where, why, halves

    monkeypatch.setattr(training_calendar, "_place", day)
    return texts


def _check_in_english(texts: list) -> None:
    plain = sorted({text for text in texts if not isinstance(text, Message)})
    assert plain == []
    missing = sorted({t for text in texts for t in _untranslated(text)})
    assert missing == []
    with translation.override("en"):
        shown = " | ".join(dict.fromkeys(engine_text(text) for text in texts))
    assert leftover_french(shown) == []


@pytest.mark.parametrize(("folder", "run"), CASE_RUNS, ids=[folder for folder, _ in CASE_RUNS])
def test_every_sentence_of_the_cases_reads_in_english(folder, run, monkeypatch):
    texts = _written(monkeypatch)
    for case in load_cases(folder):
        run(*case.values)
    assert len(texts) > 5
    _check_in_english(texts)


def test_every_sentence_of_the_deliberation_and_its_results_reads_in_english(monkeypatch):
    texts = _written(monkeypatch)
    for param in test_deliberation_cases._cases():
        case = param.values[0]
        if "error" in case["expected"]:
            continue
        candidate = parse_candidate(test_deliberation_cases._record(case))
        result = deliberate(candidate)
        texts += [text for _rule, _source, text, _values in explain(result.trace)]
        if result.decision != "rejected":
            sheet = exam_results.transcript(candidate, result)
            texts += [line.detail for line in sheet.lines if line.detail]
    texts.append(exam_results.resit_not_taken("N-0042").text)
    for grades in ({"A": Decimal(12), "B": Decimal("13.5")}, {"B": Decimal(11)}):
        exam = "E4" if "A" in grades else "E6"
        texts.append(exam_results.ccf_unit_grade(exam, grades)[1].text)
    assert len(texts) > 300
    _check_in_english(texts)


def test_every_template_the_engine_writes_is_in_the_english_catalogue():
    """Read from the source, each `_("…")` of the engine: a sentence no case reaches yet is
    translated too (the catalogue's entries are added by hand, see explanation.py)."""
    templates = []
    for path in sorted(ENGINE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "Message")
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                templates.append(node.args[0].value)
    assert len(templates) > 350
    assert sorted({t for t in templates if _words(t)} - TRANSLATED) == []


def test_a_language_typed_with_spaces_is_named_without_them():
    record = {"id": "f-same", "session": 2026, "category": "scolaire", "lv1": "anglais "}
    record["lv2"] = " Anglais"
    record["grades"] = {"U1": 10, "U2": 10, "U3": 10, "U4": 10, "U6": 10, "UF1": 15}
    record["grades"]["U5"] = {"written": 10, "practical": 10}
    [(_rule, _source, text, _values)] = explain(deliberate(parse_candidate(record)).trace)
    assert "EF1 (Anglais) doit être différente de celle de l'épreuve obligatoire E2 (anglais)" in (
        text
    )


def test_the_sheets_step_names_each_nature_as_the_arrete_does():
    steps = []
    for data, case in (param.values for param in load_cases("conformity")):
        if "error" not in case["expected"]:
            record = test_conformity_cases._record(data["base"], case)
            steps += [s.text for s in check_dossier(parse_dossier(record)).explanation]
    sheets = [text for text in steps if text.startswith("Fiches : ")]
    assert len(sheets) > 20
    assert any("(une négociation-vente et l'accompagnement" in text for text in sheets)
    assert any("réseau de distributeurs × 1" in text for text in sheets)
    codes = re.compile(r"\b(negotiation|event|distributors|partners|direct_sales) ×")
    assert [text for text in sheets if codes.search(text)] == []
