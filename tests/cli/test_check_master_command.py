"""`ndrc check-master FILE`: may this person be named apprenticeship master or tutor (Code du
travail R. 6223-6, R. 6223-22, D. 6325-6, D. 6325-9)? The issue's machine interface, exactly."""

import json

import pytest

from ndrc.__main__ import main

EXAMPLE = {
    "contract_type": "apprenticeship",
    "on": "2026-01-15",
    "master": {
        "diplomas": [{"field_related": True, "level": 5}],
        "years_of_related_experience": "1.5",
    },
    "target_level": 5,
    "current_learners": [{"kind": "apprentice", "extended_after_failed_exam": False}],
}


def run(tmp_path, capsys, payload):
    path = tmp_path / "input.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    status = main(["check-master", str(path)])
    out, err = capsys.readouterr()
    return status, (json.loads(out) if out else None), err


def test_the_issue_example_is_eligible_with_its_explanation(tmp_path, capsys):
    status, result, err = run(tmp_path, capsys, EXAMPLE)
    assert status == 0 and err == ""
    assert set(result) == {"eligible", "violations", "explanation"}
    assert result["eligible"] is True and result["violations"] == []
    sources = " ".join(step["source"] for step in result["explanation"])
    assert "R. 6223-22" in sources and "R. 6223-6" in sources
    assert all(set(step) == {"rule", "source", "text"} for step in result["explanation"])


def test_a_third_apprentice_is_a_violation_citing_r6223_6(tmp_path, capsys):
    payload = dict(EXAMPLE, current_learners=[{"kind": "apprentice"}, {"kind": "apprentice"}])
    status, result, _ = run(tmp_path, capsys, payload)
    assert status == 0 and result["eligible"] is False
    (violation,) = result["violations"]
    assert set(violation) == {"rule", "article", "message"}
    assert violation["rule"] == "apprentices_per_master"
    assert violation["article"] == "Code du travail, R. 6223-6"
    assert "3 apprenti(s)" in violation["message"]


def test_an_array_gives_an_array_in_the_same_order(tmp_path, capsys):
    tutor = dict(EXAMPLE, contract_type="professionalisation", current_learners=[])
    status, result, _ = run(tmp_path, capsys, [EXAMPLE, tutor])
    assert status == 0
    assert [r["eligible"] for r in result] == [True, False]
    assert result[1]["violations"][0]["article"] == "Code du travail, D. 6325-6"


def test_reading_standard_input(monkeypatch, capsys):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(EXAMPLE)))
    assert main(["check-master", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["eligible"] is True


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"contract_type": "stage"}, "contract_type"),
        ({"on": "15/01/2026"}, "on"),
        ({"target_level": 12}, "target_level"),
        ({"master": {"diplomas": [], "years_of_related_experience": "-1"}},
         "years_of_related_experience"),
        ({"master": {"diplomas": [{"field_related": "oui", "level": 5}],
                     "years_of_related_experience": 2}}, "field_related"),
        ({"master": {"diplomas": [], "years_of_related_experience": 2, "age": 40}}, "age"),
        ({"current_learners": [{"kind": "stagiaire"}]}, "kind"),
        ({"current_learners": "deux"}, "current_learners"),
        ({"extra": True}, "extra"),
    ],
)  # fmt: skip
def test_malformed_input_exits_2_with_a_french_message_naming_the_field(
    tmp_path, capsys, change, named
):
    status, result, err = run(tmp_path, capsys, {**EXAMPLE, **change})
    assert status == 2 and result is None
    assert err.startswith("ndrc : erreur : ") and named in err


def test_a_missing_master_exits_2(tmp_path, capsys):
    payload = {k: v for k, v in EXAMPLE.items() if k != "master"}
    status, _, err = run(tmp_path, capsys, payload)
    assert status == 2 and "« master » : obligatoire" in err


def test_without_a_file_the_usage_is_printed(capsys):
    assert main(["check-master"]) == 2
    assert "usage" in capsys.readouterr().err
