"""`ndrc deliberate FILE|-`: results in the contract format and order; French errors, exit 2."""

import json
import subprocess
import sys

from ndrc.__main__ import main

ISSUE_EXAMPLE = {
    "id": "2026-0042",
    "session": 2026,
    "category": "scolaire",
    "lv1": "anglais",
    "lv2": "espagnol",
    "grades": {
        "U1": 8, "U2": 12.5, "U3": 8.5, "U4": 11,
        "U5": {"written": 7, "practical": 13}, "U6": 10, "UF1": 14,
    },
}  # fmt: skip
# The candidate record printed in issue 2 (« Machine interface »), exactly as printed: it grades
# the exempted U1 (8, resit 12), which is not an error — the grades are not used (annexe II b).
ISSUE_RECORD = {
    "id": "2026-0042",
    "session": 2026,
    "category": "scolaire",
    "form": "whole",
    "lv1": "anglais", "lv2": "espagnol",
    "exemptions": ["U1"],
    "qualifications": ["bts"],
    "grades": {"U1": 8, "U2": 12.5, "U3": "excused", "U4": "NV",
               "U5": {"written": 7, "practical": 13}, "U6": "absent", "UF1": 14},
    "carried_grades": [{"unit": "U4", "grade": 13, "session": 2024,
                        "framework": "bts_ndrc_2018"}],
    "waived": ["U4"],
    "resit_grades": {"U1": 12, "U3": 9},
}  # fmt: skip
ABSENT = {
    "id": "2026-0043",
    "session": 2026,
    "category": "experience",
    "grades": {"U1": 12, "U2": 12, "U3": 12, "U4": 12, "U5": 12, "U6": "absent"},
}


def deliberate_file(tmp_path, capsys, records):
    path = tmp_path / "candidates.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    status = main(["deliberate", str(path)])
    out, err = capsys.readouterr()
    return status, out, err


def test_the_issue_example_gives_the_contract_result_object(tmp_path, capsys):
    status, out, err = deliberate_file(tmp_path, capsys, [ISSUE_EXAMPLE])
    assert status == 0 and err == ""
    [result] = json.loads(out)
    explanation = result.pop("explanation")
    assert result == {
        "id": "2026-0042",
        "decision": "admitted",
        "average": "10.28",
        "points": "216",
        "coefficients": "21",
        "professional_average": "10.41",
        "units_obtained": ["U2", "U4", "U5", "U6", "UF1"],
    }
    assert all(set(step) == {"rule", "source", "text"} for step in explanation)
    assert any("annexe II c" in step["source"] for step in explanation)


def test_the_record_printed_in_the_issue_is_deliberated_not_refused(tmp_path, capsys):
    # Rule changed on purpose (brief H16): it used to exit 2, « U1 est dispensée ».
    status, out, err = deliberate_file(tmp_path, capsys, [ISSUE_RECORD, ISSUE_EXAMPLE])
    assert status == 0 and err == ""
    result, example = json.loads(out)
    texts = [step["text"] for step in result.pop("explanation")]
    # U4 NV and U6 absent: the diploma cannot be awarded, no average; U2 12.5, U5 (2 × 7 + 2 × 13)
    # / 4 = 10 and UF1 14 are obtained; U1 exempted, its grades 8 and 12 not used.
    assert result == {
        "id": "2026-0042",
        "decision": "failed",
        "average": None,
        "points": None,
        "coefficients": None,
        "professional_average": None,
        "units_obtained": ["U2", "U5", "UF1"],
    }
    assert "U1 dispensée : la note 8 saisie n'est pas prise en compte." in texts
    assert example["decision"] == "admitted"


def test_results_come_in_the_order_of_the_records(tmp_path, capsys):
    records = [ABSENT, ISSUE_EXAMPLE, {**ABSENT, "id": "2026-0044"}]
    status, out, _ = deliberate_file(tmp_path, capsys, records)
    results = json.loads(out)
    assert status == 0
    assert [r["id"] for r in results] == ["2026-0043", "2026-0042", "2026-0044"]
    assert [r["decision"] for r in results] == ["failed", "admitted", "failed"]
    assert results[0]["average"] is None


def test_a_grade_out_of_range_names_the_record_and_field_and_prints_nothing(tmp_path, capsys):
    bad = {**ABSENT, "id": "2026-0099", "grades": {**ABSENT["grades"], "U3": 20.5}}
    status, out, err = deliberate_file(tmp_path, capsys, [ISSUE_EXAMPLE, bad])
    assert status == 2
    assert out == ""
    assert "candidat « 2026-0099 » (enregistrement n° 2)" in err
    assert "« grades.U3 »" in err and "hors de l'intervalle 0 à 20" in err


def test_a_record_without_id_is_named_by_its_position(tmp_path, capsys):
    record = {key: value for key, value in ABSENT.items() if key != "id"}
    status, out, err = deliberate_file(tmp_path, capsys, [ISSUE_EXAMPLE, ISSUE_EXAMPLE, record])
    assert (status, out) == (2, "")
    assert "enregistrement n° 3" in err and "« id »" in err and "manquant" in err


def test_an_unknown_category_or_field_is_refused(tmp_path, capsys):
    status, out, err = deliberate_file(tmp_path, capsys, [{**ABSENT, "category": "lycee"}])
    assert (status, out) == (2, "") and "« category »" in err
    status, out, err = deliberate_file(tmp_path, capsys, [{**ABSENT, "note": 12}])
    assert (status, out) == (2, "") and "« note »" in err and "champ inconnu" in err


def test_a_json_object_instead_of_an_array_is_refused(tmp_path, capsys):
    status, out, err = deliberate_file(tmp_path, capsys, ISSUE_EXAMPLE)
    assert (status, out) == (2, "") and "tableau JSON" in err


def test_a_missing_file_is_a_french_error(tmp_path, capsys):
    status = main(["deliberate", str(tmp_path / "absent.json")])
    out, err = capsys.readouterr()
    assert (status, out) == (2, "") and "impossible de lire" in err


def test_no_argument_prints_the_usage_and_exits_2(capsys):
    status = main(["deliberate"])
    assert status == 2 and "usage : ndrc deliberate" in capsys.readouterr().err


def test_a_dash_reads_standard_input():
    completed = subprocess.run(
        [sys.executable, "-m", "ndrc", "deliberate", "-"],
        input=json.dumps([ISSUE_EXAMPLE, ABSENT]),
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0 and completed.stderr == ""
    assert [r["decision"] for r in json.loads(completed.stdout)] == ["admitted", "failed"]


def test_malformed_json_on_standard_input_exits_2_with_nothing_on_stdout():
    completed = subprocess.run(
        [sys.executable, "-m", "ndrc", "deliberate", "-"],
        input='[{"id": "a",',
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 2 and completed.stdout == ""
    assert "JSON invalide" in completed.stderr
