"""`ndrc calendar FILE` and `ndrc attendance FILE`: the machine interface of issue 13."""

import json

from ndrc.__main__ import main

ISSUE_EXAMPLE = {
    "start": "2025-09-01",
    "end": "2026-06-30",
    "department": "69",
    "school_holiday_zone": "A",
    "rhythm": ["mon-am", "mon-pm", "tue-am", "tue-pm"],
    "closures": [{"start": "2025-12-22", "end": "2026-01-02"}],
    "hours_per_half_day": {"am": "3.75", "pm": "3.75"},
}


def run(tmp_path, capsys, command, payload):
    path = tmp_path / "input.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    status = main([command, str(path)])
    out, err = capsys.readouterr()
    return status, (json.loads(out) if out else None), err


def test_the_issue_example_gives_the_documented_fields(tmp_path, capsys):
    status, result, _ = run(tmp_path, capsys, "calendar", ISSUE_EXAMPLE)
    assert status == 0
    assert set(result) == {
        "centre_half_days", "centre_hours", "days", "public_holidays", "explanation"
    }  # fmt: skip
    assert {"date": "2025-11-11", "name": "Armistice 1918"} in result["public_holidays"]
    days = {day["date"]: day for day in result["days"]}
    assert set(days["2025-09-01"]) == {"date", "place", "why"}
    assert days["2025-09-01"]["place"] == "centre"
    assert days["2025-11-11"]["place"] == "holiday"  # a Tuesday: never a centre day
    assert days["2025-12-22"]["place"] == "holiday"  # the closure
    # School holidays leave the centre open unless asked: Monday 27 October, Toussaint, zone A.
    assert days["2025-10-27"]["place"] == "centre"
    assert float(result["centre_hours"]) == result["centre_half_days"] * 3.75


def test_closing_in_school_holidays_removes_the_toussaint_mondays(tmp_path, capsys):
    _status, open_centre, _ = run(tmp_path, capsys, "calendar", ISSUE_EXAMPLE)
    closed = {**ISSUE_EXAMPLE, "close_in_school_holidays": True}
    status, result, _ = run(tmp_path, capsys, "calendar", closed)
    assert status == 0
    days = {day["date"]: day["place"] for day in result["days"]}
    assert days["2025-10-20"] == days["2025-10-27"] == "holiday"
    assert result["centre_half_days"] < open_centre["centre_half_days"]


def test_an_unknown_field_exits_2_naming_it(tmp_path, capsys):
    status, result, err = run(tmp_path, capsys, "calendar", {**ISSUE_EXAMPLE, "zone": "A"})
    assert status == 2 and result is None
    assert "« zone »" in err and "champ inconnu" in err


def test_a_bad_closure_date_names_the_record_and_field(tmp_path, capsys):
    payload = {**ISSUE_EXAMPLE, "closures": [{"start": "2025-12-22", "end": "22/12/2025"}]}
    status, _result, err = run(tmp_path, capsys, "calendar", payload)
    assert status == 2
    assert "closures[0]" in err and "« end »" in err


def test_attendance_counts_a_half_day_only_with_both_signatures(tmp_path, capsys):
    payload = {
        "sessions": [
            {"date": "2025-09-01", "half_day": "am", "hours": "3.75", "module": "RCNV"},
            {"date": "2025-09-01", "half_day": "pm", "hours": "3.75", "module": "RCNV"},
        ],
        "records": [
            {"date": "2025-09-01", "half_day": "am", "status": "present",
             "learner_signed": True, "teacher_signed": True},
            {"date": "2025-09-01", "half_day": "pm", "status": "present",
             "learner_signed": True, "teacher_signed": False},
        ],
    }  # fmt: skip
    status, result, _ = run(tmp_path, capsys, "attendance", payload)
    assert status == 0
    assert result["planned_hours"] == "7.50"
    assert result["attended_hours"] == "3.75"
    assert result["unsigned"] == [{"date": "2025-09-01", "half_day": "pm", "missing": "teacher"}]
    assert result["by_module"]["RCNV"]["attended_hours"] == "3.75"


def test_attendance_with_a_bad_status_exits_2(tmp_path, capsys):
    payload = {
        "sessions": [{"date": "2025-09-01", "half_day": "am", "hours": "3.75", "module": "X"}],
        "records": [{"date": "2025-09-01", "half_day": "matin", "status": "present",
                     "learner_signed": True, "teacher_signed": True}],
    }  # fmt: skip
    status, result, err = run(tmp_path, capsys, "attendance", payload)
    assert status == 2 and result is None
    assert "records[0]" in err and "half_day" in err
