"""`ndrc exams`: the JSON array of the machine interface, and French errors with exit status 2."""

import json
import subprocess
import sys

import pytest

from ndrc.__main__ import main


def run_exams(capsys, *arguments):
    status = main(["exams", *arguments])
    out, err = capsys.readouterr()
    return status, out, err


def test_a_student_gets_one_object_per_exam_in_the_contract_format(capsys):
    status, out, err = run_exams(capsys, "--category", "scolaire")
    exams = json.loads(out)
    assert status == 0 and err == ""
    assert [e["exam"] for e in exams] == ["E1", "E2", "E3", "E4", "E5", "E6", "EF1"]
    assert exams[3] == {
        "exam": "E4",
        "unit": "U4",
        "coefficient": 5,
        "form": "ccf",
        "mode": None,
        "duration_minutes": None,
        "preparation_minutes": None,
        "situations": 2,
    }


def test_e5_lists_its_written_and_practical_parts(capsys):
    _, out, _ = run_exams(capsys, "--category", "fpc_public_ccf")
    e5 = next(e for e in json.loads(out) if e["exam"] == "E5")
    assert e5["form"] == "final" and e5["mode"] == "written+practical"
    assert e5["duration_minutes"] == 220
    assert e5["parts"] == [
        {"part": "written", "coefficient": 2, "mode": "written", "duration_minutes": 180,
         "preparation_minutes": None},
        {"part": "practical", "coefficient": 2, "mode": "practical", "duration_minutes": 40,
         "preparation_minutes": None},
    ]  # fmt: skip


def test_extra_time_adds_a_third_to_a_distance_candidates_oral(capsys):
    _, out, _ = run_exams(capsys, "--category", "distance", "--extra-time", "--session", "2026")
    e4 = next(e for e in json.loads(out) if e["exam"] == "E4")
    # 60 + 60/3 = 80 ; 40 + 40/3 = 53.33… → 53 (lower minute).
    assert (e4["duration_minutes"], e4["preparation_minutes"]) == (80, 53)


def test_extra_time_without_a_session_uses_the_current_year(capsys):
    _, out, _ = run_exams(capsys, "--category", "experience", "--extra-time")
    e1 = json.loads(out)[0]
    assert e1["duration_minutes"] == 320


def test_an_unknown_category_exits_2_with_a_french_message_and_no_output(capsys):
    status, out, err = run_exams(capsys, "--category", "libre")
    assert status == 2
    assert out == ""
    assert "catégorie de candidat inconnue « libre »" in err
    assert "category" in err and "apprenti_habilite" in err


def test_a_missing_category_exits_2_in_french(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["exams"])
    _, err = capsys.readouterr()
    assert exit_.value.code == 2
    assert "erreur" in err and "--category" in err


def test_the_installed_command_prints_json():
    completed = subprocess.run(
        [sys.executable, "-m", "ndrc", "exams", "--category", "experience"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)[5]["mode"] == "oral"
