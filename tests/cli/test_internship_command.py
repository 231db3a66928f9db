"""`ndrc internship quota FILE`: the intern quota of a host (R. 124-10, R. 124-11)."""

import json

from ndrc.__main__ import main


def run_quota(tmp_path, capsys, payload):
    path = tmp_path / "input.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    status = main(["internship", "quota", str(path)])
    out, err = capsys.readouterr()
    return status, (json.loads(out) if out else None), err


def test_the_issue_example_allows_4_interns(tmp_path, capsys):
    payload = {"headcount_last_day": 18, "average_headcount_12_months": 22}
    status, result, _ = run_quota(tmp_path, capsys, payload)
    assert status == 0
    assert result["max_interns"] == 4
    assert any("R. 124-10" in step["source"] for step in result["explanation"])


def test_an_array_of_hosts_with_a_date(tmp_path, capsys):
    payload = [
        {"headcount_last_day": 12, "average_headcount_12_months": 15, "date": "2025-09-01"},
        {"headcount_last_day": 101, "average_headcount_12_months": 95, "date": "2025-09-01"},
    ]
    status, result, _ = run_quota(tmp_path, capsys, payload)
    assert status == 0
    assert [r["max_interns"] for r in result] == [3, 16]


def test_a_negative_headcount_exits_2_naming_the_field(tmp_path, capsys):
    payload = {"headcount_last_day": -1, "average_headcount_12_months": 22}
    status, result, err = run_quota(tmp_path, capsys, payload)
    assert status == 2 and result is None
    assert "headcount_last_day" in err


def test_a_missing_field_exits_2(tmp_path, capsys):
    status, _, err = run_quota(tmp_path, capsys, {"headcount_last_day": 18})
    assert status == 2 and "average_headcount_12_months" in err


def test_an_unknown_subcommand_exits_2(tmp_path, capsys):
    assert main(["internship", "count", "-"]) == 2
    assert "usage" in capsys.readouterr().err


def test_an_unknown_field_exits_2(tmp_path, capsys):
    payload = {"headcount_last_day": 18, "average_headcount_12_months": 22, "headcount": 30}
    status, result, err = run_quota(tmp_path, capsys, payload)
    assert status == 2 and result is None
    assert "headcount" in err and "inconnu" in err
