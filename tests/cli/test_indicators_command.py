"""`ndrc indicators FILE|-`: the machine interface of issue 17, and its French errors (exit 2)."""

import json
import subprocess
import sys

from ndrc.__main__ import main

# The GFS brochure's 2025 figures: 13 present, 6 admitted (46,15 %), and one absent.
BROCHURE = {
    "candidates": [{"status": "apprentice", "present": True, "admitted": True}] * 4
    + [{"status": "student", "present": True, "admitted": True}] * 2
    + [{"status": "apprentice", "present": True, "admitted": False}] * 5
    + [{"status": "continuing_education", "present": True, "admitted": False}] * 2
    + [{"status": "student", "present": False, "admitted": False}],
    "contracts": [
        {"start": "2024-09-02", "end": "2026-08-31", "terminated_on": None},
        {"start": "2024-09-02", "end": "2026-08-31", "terminated_on": "2024-10-01"},
    ],
    "leavers": [{"situation_6_months": "employed"}, {"situation_6_months": "unknown"}],
    "answers": [],
}


def run(tmp_path, capsys, data):
    path = tmp_path / "facts.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    status = main(["indicators", str(path)])
    out, err = capsys.readouterr()
    return status, out, err


def by_name(out):
    return {item["name"]: item for item in json.loads(out)["indicators"]}


def test_the_brochure_figures_give_46_15_percent(tmp_path, capsys):
    status, out, err = run(tmp_path, capsys, BROCHURE)
    assert status == 0 and err == ""
    pass_rate = by_name(out)["pass_rate"]
    assert pass_rate["numerator"] == 6 and pass_rate["denominator"] == 13
    assert pass_rate["rate"] == "46.15"
    assert pass_rate["formula"] == (
        "Nbr de candidats ayant réussi l'examen / Nbr de candidats présents à l'examen "
        "(tous statuts confondus) × 100"
    )
    assert "Charmilles" in pass_rate["source"]
    # The two continuing-education candidates count in the global rate, not the apprentices'.
    apprentices = by_name(out)["apprentice_pass_rate"]
    assert (apprentices["numerator"], apprentices["denominator"], apprentices["rate"]) == (
        4,
        9,
        "44.44",
    )


def test_every_rate_the_law_asks_for_is_there_with_its_source(tmp_path, capsys):
    _status, out, _err = run(tmp_path, capsys, BROCHURE)
    result = json.loads(out)
    names = [item["name"] for item in result["indicators"]]
    assert names == [
        "pass_rate",
        "apprentice_pass_rate",
        "graduation_rate",
        "continuation_rate",
        "interruption_rate",
        "employment_rate",
        "favourable_outcome_rate",
        "added_value",
        "termination_rate",
        "learner_satisfaction_rate",
        "company_satisfaction_rate",
    ]
    indicators = by_name(out)
    for name in ("graduation_rate", "continuation_rate", "employment_rate", "termination_rate"):
        assert "L. 6111-8" in indicators[name]["source"]
    assert indicators["termination_rate"]["rate"] == "50.00"
    assert any("46,15 %" in step["text"] for step in result["explanation"])


def test_a_rate_without_denominator_is_null_with_the_reason(tmp_path, capsys):
    _status, out, _err = run(tmp_path, capsys, BROCHURE)
    satisfaction = by_name(out)["learner_satisfaction_rate"]
    assert satisfaction["rate"] is None
    assert (satisfaction["numerator"], satisfaction["denominator"]) == (0, 0)
    assert satisfaction["reason"] == "aucune réponse au questionnaire des apprenants"
    assert by_name(out)["added_value"]["reason"].startswith("calculée au niveau national")


def test_lists_left_out_are_no_facts(tmp_path, capsys):
    status, out, _err = run(tmp_path, capsys, {})
    assert status == 0
    assert by_name(out)["pass_rate"]["reason"] == "aucun candidat présent à l'examen"


def test_malformed_input_names_the_field_and_prints_nothing(tmp_path, capsys):
    cases = {
        "candidates[1] : champ « status » : valeur « apprenti » inconnue": {
            "candidates": [
                {"status": "student", "present": True, "admitted": True},
                {"status": "apprenti", "present": True, "admitted": True},
            ]
        },
        "candidates[0] : champ « present » : true ou false attendu": {
            "candidates": [{"status": "student", "present": "oui", "admitted": False}]
        },
        "contracts[0] : champ « end » : la fin du contrat précède son début": {
            "contracts": [{"start": "2025-09-01", "end": "2024-08-31", "terminated_on": None}]
        },
        "contracts[0] : champ « start » : date AAAA-MM-JJ attendue": {
            "contracts": [{"start": "01/09/2025", "end": "2027-08-31"}]
        },
        "answers[0] : champ « survey » : valeur « tuteurs » inconnue": {
            "answers": [{"survey": "tuteurs", "satisfied": True}]
        },
        "leavers[0] : champ « situation_6_months » : obligatoire et absent": {
            "leavers": [{"situation": "employed"}]
        },
        "leavers[0] : champ « statut » : champ inconnu": {
            "leavers": [{"situation_6_months": "employed", "statut": "apprentice"}]
        },
        "champ « candidats » : champ inconnu": {"candidats": []},
        "champ « leavers » : un tableau est attendu": {"leavers": {"situation_6_months": "x"}},
    }
    for message, data in cases.items():
        status, out, err = run(tmp_path, capsys, data)
        assert status == 2 and out == "", message
        assert message in err
    status, out, err = run(tmp_path, capsys, "{not json")
    assert status == 2 and out == "" and "JSON invalide à la ligne 1" in err


def test_the_command_reads_standard_input():
    completed = subprocess.run(
        [sys.executable, "-m", "ndrc", "indicators", "-"],
        input=json.dumps(BROCHURE),
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stderr
    assert by_name(completed.stdout)["pass_rate"]["rate"] == "46.15"
    completed = subprocess.run(
        [sys.executable, "-m", "ndrc", "indicators"], capture_output=True, text=True
    )
    assert completed.returncode == 2 and completed.stdout == ""
    assert "usage : ndrc indicators" in completed.stderr
