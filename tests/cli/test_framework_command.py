"""`ndrc framework`: the référentiel as JSON, and as a 1EdTech CASE package."""

import json
import subprocess
import sys

import pytest

from ndrc.cli import framework as command


def run_command(capsys, *args: str) -> dict:
    assert command.main(list(args)) == 0
    out = capsys.readouterr().out
    return json.loads(out)


def test_prints_the_whole_framework_as_json(capsys):
    data = run_command(capsys)
    assert data["code"] == "bts_ndrc_2018"
    assert set(data["units"]) == {"U1", "U2", "U3", "U4", "U5", "U6", "UF1"}
    assert data["units"]["U4"]["coefficient"] == "5"
    assert list(data["skill_blocks"]) == ["BC01", "BC02", "BC03"]
    first = data["skill_blocks"]["BC01"]["competences"][0]["sub_competences"][0]
    assert first["performance_criteria"][0] == {
        "code": "BC01-C1-S1-PC1",
        "text": "Pertinence de l'analyse du portefeuille clients",
    }
    assert [a["code"] for a in data["activity_areas"]["P2"]["activities"]] == [
        "P2-A1",
        "P2-A2",
        "P2-A3",
    ]
    assert len(data["exam_definitions"]["E6"]["evaluation_criteria"]) == 12
    assert data["hours"]["total_annual_hours"] == [870, 870]
    assert any(a["code"] == "implanter-offre" for a in data["aliases"])


def test_spells_out_the_form_of_each_exam_for_each_candidate_category(capsys):
    forms = run_command(capsys)["forms_by_category"]
    # Annexe II c: a candidate with 3 years of experience (column C) sits E4 as a 1-hour oral
    # after 40 minutes of preparation; a school student (column A) in two CCF situations.
    assert forms["experience"]["E4"] == {
        "form": "final",
        "mode": "oral",
        "duration_minutes": 60,
        "preparation_minutes": 40,
        "situations": None,
        "column": "C",
    }
    assert forms["scolaire"]["E4"]["form"] == "ccf"
    assert forms["scolaire"]["E4"]["situations"] == 2


def test_case_export_is_a_tree_with_stable_identifiers(capsys):
    package = run_command(capsys, "--case")
    again = run_command(capsys, "--case")
    assert package == again
    items = {i["humanCodingScheme"]: i for i in package["CFItems"]}
    assert len(items) == len(package["CFItems"])
    assert len({i["identifier"] for i in package["CFItems"]}) == len(items)
    criterion = items["BC01-C2-S1-PC3"]
    assert criterion["fullStatement"] == "Pertinence de la solution proposée"
    assert criterion["CFItemType"] == "Critère de performance"
    parents = {
        a["originNodeURI"]["identifier"]: a["destinationNodeURI"]["identifier"]
        for a in package["CFAssociations"]
        if a["associationType"] == "isChildOf"
    }
    assert parents[criterion["identifier"]] == items["BC01-C2-S1"]["identifier"]
    assert parents[items["BC01"]["identifier"]] == package["CFDocument"]["identifier"]
    # Every item is placed in the tree exactly once.
    assert len(parents) == len(items)
    assert package["CFDocument"]["lastChangeDateTime"] == "2018-02-19T00:00:00+00:00"


def test_an_unknown_option_exits_with_status_2(capsys):
    with pytest.raises(SystemExit) as stop:
        command.main(["--xml"])
    assert stop.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "ndrc : erreur" in err and "--xml" in err


def test_the_ndrc_command_line_dispatches_to_it():
    result = subprocess.run(
        [sys.executable, "-m", "ndrc", "framework", "--case"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout)["CFDocument"]["humanCodingScheme"] == "RNCP38368"
