"""`ndrc check-start-without-contract FILE|-`: the machine interface of issue 18, exactly, and
its French errors (exit 2)."""

import json

from ndrc.__main__ import main

ISSUE_EXAMPLE = {
    "birth_date": "2008-05-02",
    "training_start": "2026-09-07",
    "on": "2026-11-20",
    "has_recognised_disability": False,
}


def check(tmp_path, capsys, data):
    path = tmp_path / "input.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    status = main(["check-start-without-contract", str(path)])
    out, err = capsys.readouterr()
    return status, out, err


def test_the_issue_example_is_allowed_until_the_sixth_of_december(tmp_path, capsys):
    status, out, err = check(tmp_path, capsys, ISSUE_EXAMPLE)
    assert status == 0 and err == ""
    result = json.loads(out)
    assert list(result) == ["allowed", "deadline", "violations", "explanation"]
    assert result["allowed"] is True
    assert result["deadline"] == "2026-12-06"
    assert result["violations"] == []
    assert all(set(step) == {"rule", "source", "text"} for step in result["explanation"])
    assert any("L. 6222-12-1" in step["source"] for step in result["explanation"])


def test_a_thirty_year_old_past_the_period_gets_both_violations_with_their_article(
    tmp_path, capsys
):
    data = {**ISSUE_EXAMPLE, "birth_date": "1996-01-10", "on": "2026-12-08"}
    status, out, _err = check(tmp_path, capsys, data)
    result = json.loads(out)
    assert status == 0 and result["allowed"] is False
    assert [v["rule"] for v in result["violations"]] == ["maximum_age", "period_exceeded"]
    assert all(v["article"] == "Code du travail, L. 6222-12-1" for v in result["violations"])
    assert "30 ans" in result["violations"][0]["message"]


def test_an_array_gives_an_array_in_the_same_order(tmp_path, capsys):
    later = {**ISSUE_EXAMPLE, "on": "2027-01-04"}
    status, out, _err = check(tmp_path, capsys, [ISSUE_EXAMPLE, later])
    assert status == 0
    assert [r["allowed"] for r in json.loads(out)] == [True, False]


def test_the_disability_flag_may_be_left_out(tmp_path, capsys):
    data = {k: v for k, v in ISSUE_EXAMPLE.items() if k != "has_recognised_disability"}
    status, out, _err = check(tmp_path, capsys, data)
    assert status == 0 and json.loads(out)["allowed"] is True


def test_malformed_input_names_the_field_in_french_and_exits_2(tmp_path, capsys):
    cases = [
        ({**ISSUE_EXAMPLE, "on": "20/11/2026"}, "champ « on » : date AAAA-MM-JJ attendue"),
        ({**ISSUE_EXAMPLE, "has_recognised_disability": "non"}, "true ou false attendu"),
        ({k: v for k, v in ISSUE_EXAMPLE.items() if k != "training_start"}, "« training_start »"),
        ({**ISSUE_EXAMPLE, "handicap": True}, "champ « handicap » : champ inconnu"),
        ({**ISSUE_EXAMPLE, "birth_date": "2027-01-01"}, "birth_date : la date de naissance"),
        ({**ISSUE_EXAMPLE, "on": "2999-01-01"}, "on : date hors des limites"),
    ]
    for data, message in cases:
        status, out, err = check(tmp_path, capsys, data)
        assert status == 2, data
        assert out == ""
        assert message in err, err


def test_usage_without_a_file(capsys):
    assert main(["check-start-without-contract"]) == 2
    assert "usage" in capsys.readouterr().err
