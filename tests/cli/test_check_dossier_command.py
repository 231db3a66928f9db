"""`ndrc check-dossier FILE|-`: the machine interface of issue 5, and its French errors (exit 2)."""

import io
import json
import subprocess
import sys

from ndrc.__main__ import main

# The issue's example: a student's E4 dossier with 6 weeks of internship certified.
ISSUE_EXAMPLE = {
    "exam": "E4",
    "candidate_category": "scolaire",
    "deadline": "2026-04-01",
    "deposited_on": "2026-03-28",
    "internship_reduced_to_weeks": None,
    "certificates": [
        {"kind": "internship", "weeks": 6, "signed": True},
        {"kind": "apprenticeship_contract", "signed": True},
        {"kind": "employment", "months_full_time": 5, "months_part_time": 0, "signed": True},
    ],
    "sheets": [{"nature": "negotiation", "complete": True}, {"nature": "event", "complete": True}],
    "reflective_study_pages": None,
    "signed": True,
}

E6_DOSSIER = {
    "id": "2026-0042",
    "exam": "E6",
    "candidate_category": "apprenti_habilite",
    "deadline": "2026-04-01",
    "deposited_on": "2026-04-01",
    "certificates": [{"kind": "apprenticeship_contract", "signed": True}],
    "sheets": [
        {"nature": "distributors", "complete": True, "real_network_experience": True},
        {"nature": "partners", "complete": True, "real_network_experience": False},
    ],
    "reflective_study_pages": 3,
    "signed": True,
}


def check(tmp_path, capsys, data, name="dossier.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    status = main(["check-dossier", str(path)])
    out, err = capsys.readouterr()
    return status, out, err


def test_the_issue_example_is_invalid_for_six_weeks_of_internship(tmp_path, capsys):
    status, out, err = check(tmp_path, capsys, ISSUE_EXAMPLE)
    result = json.loads(out)
    assert status == 0 and err == ""
    assert result["status"] == "invalid"
    # 6 weeks < 16 weeks of a student (annexe III b, II.1): the only finding.
    assert result["findings"] == [
        {
            "code": "practice_too_short",
            "effect": "invalid",
            "text": "durée de stage ou d'expérience professionnelle inférieure à celle requise "
            "par la réglementation de l'examen (6 semaine(s) de stage, requis : 16 semaines)",
            "source": "Arrêté du 19 février 2018, annexe II d, épreuve E4, 4.1 (contrôle de "
            "conformité du dossier support de l'épreuve)",
        }
    ]
    assert all({"rule", "source", "text"} == set(step) for step in result["explanation"])


def test_an_array_gives_an_array_of_results_in_order_with_their_ids(tmp_path, capsys):
    sixteen_weeks = [{"kind": "internship", "weeks": 16, "signed": True}]
    conforming = {**ISSUE_EXAMPLE, "certificates": sixteen_weeks}
    status, out, _ = check(tmp_path, capsys, [conforming, E6_DOSSIER])
    results = json.loads(out)
    assert status == 0
    assert [r.get("id") for r in results] == [None, "2026-0042"]
    assert (results[0]["status"], results[0]["findings"]) == ("conforming", [])
    # Deposited on the deadline day (in time); 2 of 3 sheets; study of 3 > 2 pages.
    assert results[1]["status"] == "penalised"
    assert [f["code"] for f in results[1]["findings"]] == [
        "sheets_missing",
        "reflective_study_too_long",
    ]


def test_standard_input_is_read_with_a_dash(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps({**E6_DOSSIER, "signed": False})))
    status = main(["check-dossier", "-"])
    out, _ = capsys.readouterr()
    assert status == 0
    assert json.loads(out)["status"] == "invalid"


def test_a_malformed_record_names_the_record_and_field_and_prints_nothing(tmp_path, capsys):
    bad = {**ISSUE_EXAMPLE, "sheets": [{"nature": "distributors", "complete": True}]}
    status, out, err = check(tmp_path, capsys, [ISSUE_EXAMPLE, bad])
    assert status == 2 and out == ""
    assert "dossier n° 2" in err and "« sheets[0].nature »" in err
    assert "nature inconnue pour E4" in err


def test_a_record_with_an_id_is_named_by_it(tmp_path, capsys):
    status, out, err = check(tmp_path, capsys, {**E6_DOSSIER, "deadline": None})
    assert status == 2 and out == ""
    assert err.startswith("ndrc : erreur : dossier « 2026-0042 », champ « deadline »")


def test_neither_an_object_nor_an_array_is_refused(tmp_path, capsys):
    status, out, err = check(tmp_path, capsys, "E4")
    assert status == 2 and out == ""
    assert "objet JSON" in err


def test_invalid_json_and_a_missing_file_exit_with_status_2(tmp_path, capsys):
    path = tmp_path / "broken.json"
    path.write_text('{"exam": "E4",', encoding="utf-8")
    assert main(["check-dossier", str(path)]) == 2
    assert "JSON invalide" in capsys.readouterr().err
    assert main(["check-dossier", str(tmp_path / "absent.json")]) == 2
    assert "impossible de lire" in capsys.readouterr().err


def test_the_installed_command_exits_2_without_a_file_argument():
    completed = subprocess.run(
        [sys.executable, "-m", "ndrc", "check-dossier"], capture_output=True, text=True
    )
    assert completed.returncode == 2 and completed.stdout == ""
    assert "arguments invalides" in completed.stderr
