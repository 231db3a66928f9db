"""`ndrc check-registration FILE|-`: the machine interface of issue 15, and its French errors."""

import json

from ndrc.__main__ import main

# The issue's example record: an NDRC grade of U3 carried from 2023, U1 exempted with a licence.
# Its grade is a JSON number, as `ndrc deliberate` reads it (the issue writes "11.5").
ISSUE_EXAMPLE = {
    "id": "2026-0007",
    "session": 2026,
    "category": "apprenti_habilite",
    "form": "whole",
    "units": ["U4", "U5", "U6"],
    "exemptions": ["U1"],
    "qualifications": ["licence"],
    "carried_grades": [{"unit": "U3", "grade": 11.5, "session": 2023}],
    "waived": [],
    "lv1": "anglais",
    "lv2": "espagnol",
}


def check(tmp_path, capsys, data):
    path = tmp_path / "inscription.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    status = main(["check-registration", str(path)])
    out, err = capsys.readouterr()
    return status, out, err


def test_the_issue_example_says_u2_is_missing_in_the_whole_form(tmp_path, capsys):
    status, out, err = check(tmp_path, capsys, ISSUE_EXAMPLE)
    assert status == 0 and err == ""
    result = json.loads(out)
    assert list(result) == ["id", "valid", "units_to_sit", "problems", "explanation"]
    assert result["valid"] is False
    # U1 exempted (licence), U3 carried (11.5 of 2023, valid until 2028): U2 is left uncovered.
    assert result["problems"] == [
        {
            "field": "units",
            "message": "Forme globale : U2 n'est ni présentée, ni dispensée, ni couverte par "
            "une note conservée valable.",
            "article": "Code de l'éducation, article D643-14 ; Arrêté du 19 février 2018, "
            "article 7",
        }
    ]
    assert [u["unit"] for u in result["units_to_sit"]] == ["U4", "U5", "U6"]
    assert result["units_to_sit"][0] == {
        "unit": "U4",
        "exam": "E4",
        "coefficient": 5,
        "form": "ccf",
        "mode": None,
        "duration_minutes": None,
        "preparation_minutes": None,
        "situations": 2,
    }
    assert all(set(step) == {"rule", "source", "text"} for step in result["explanation"])


def test_an_array_gives_an_array_in_the_same_order(tmp_path, capsys):
    fixed = {**ISSUE_EXAMPLE, "id": "b", "units": ["U2", "U4", "U5", "U6"]}
    status, out, _ = check(tmp_path, capsys, [ISSUE_EXAMPLE, fixed])
    assert status == 0
    assert [(r["id"], r["valid"]) for r in json.loads(out)] == [("2026-0007", False), ("b", True)]


def test_malformed_input_names_the_field_and_prints_nothing(tmp_path, capsys):
    bad = [ISSUE_EXAMPLE, {**ISSUE_EXAMPLE, "id": "c", "units": "U4"}]
    status, out, err = check(tmp_path, capsys, bad)
    assert status == 2 and out == ""
    assert "candidat « c » (enregistrement n° 2), champ « units » : liste d'unités attendue" in err


def test_a_grade_in_a_registration_is_an_unknown_field(tmp_path, capsys):
    status, out, err = check(tmp_path, capsys, {**ISSUE_EXAMPLE, "grades": {"U4": 12}})
    assert status == 2 and out == ""
    assert "champ « grades » : champ inconnu" in err


def test_a_grade_written_as_text_is_refused_as_ndrc_deliberate_refuses_it(tmp_path, capsys):
    quoted = {**ISSUE_EXAMPLE, "carried_grades": [{"unit": "U3", "grade": "11.5", "session": 2023}]}
    status, out, err = check(tmp_path, capsys, quoted)
    assert status == 2 and out == ""
    message = "champ « carried_grades[0].grade » : nombre attendu, reçu « 11.5 »"
    assert message in err
    record = {k: v for k, v in quoted.items() if k != "units"}
    path = tmp_path / "deliberation.json"
    path.write_text(json.dumps([{**record, "grades": {}}]), encoding="utf-8")
    assert main(["deliberate", str(path)]) == 2
    assert message in capsys.readouterr().err
