"""`ndrc pay …`: the machine interface of issue 4, JSON in and out, exit 2 on bad input."""

import json

from ndrc.__main__ import main

ISSUE_EXAMPLE = {"birth_date": "2006-03-15", "contract_start": "2024-09-01", "month": "2025-09",
                 "credited_years": 0}  # fmt: skip


def run_pay(tmp_path, capsys, subcommand, payload):
    path = tmp_path / "input.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    status = main(["pay", subcommand, str(path)])
    out, err = capsys.readouterr()
    return status, (json.loads(out) if out else None), err


def test_the_issue_example_gives_918_92_euros(tmp_path, capsys):
    status, result, _ = run_pay(tmp_path, capsys, "apprentice", ISSUE_EXAMPLE)
    assert status == 0
    assert {key: value for key, value in result.items() if key != "explanation"} == {
        "rate": "0.51",
        "age_bracket": "18-20",
        "contract_year": 2,
        "minimum_wage_monthly": "1801.80",
        "monthly_minimum": "918.92",
    }
    assert all(step["source"] and step["text"] for step in result["explanation"])


def test_an_array_gives_an_array_in_the_same_order(tmp_path, capsys):
    later = dict(ISSUE_EXAMPLE, month="2026-01")
    status, result, _ = run_pay(tmp_path, capsys, "apprentice", [ISSUE_EXAMPLE, later])
    assert status == 0
    assert [r["monthly_minimum"] for r in result] == ["918.92", "929.75"]


def test_optional_fields_of_the_issue_are_read(tmp_path, capsys):
    payload = dict(
        ISSUE_EXAMPLE,
        plus_15_points=False,
        previous_contract={"diploma_obtained": True, "same_employer": True,
                           "last_year_rate": "0.60"},
    )  # fmt: skip
    status, result, _ = run_pay(tmp_path, capsys, "apprentice", payload)
    assert status == 0
    assert (result["rate"], result["monthly_minimum"]) == ("0.60", "1081.08")


def test_a_bad_date_exits_2_naming_the_record_and_the_field(tmp_path, capsys):
    bad = dict(ISSUE_EXAMPLE, birth_date="15/03/2006")
    status, result, err = run_pay(tmp_path, capsys, "apprentice", [ISSUE_EXAMPLE, bad])
    assert status == 2 and result is None
    assert "enregistrement 2" in err and "birth_date" in err


def test_a_missing_field_exits_2(tmp_path, capsys):
    payload = {key: value for key, value in ISSUE_EXAMPLE.items() if key != "contract_start"}
    status, _, err = run_pay(tmp_path, capsys, "apprentice", payload)
    assert status == 2 and "contract_start" in err and "absent" in err


def test_a_nested_bad_rate_names_its_path(tmp_path, capsys):
    payload = dict(ISSUE_EXAMPLE, previous_contract={"diploma_obtained": True,
                   "same_employer": True, "last_year_rate": "soixante"})  # fmt: skip
    status, _, err = run_pay(tmp_path, capsys, "apprentice", payload)
    assert status == 2 and "previous_contract" in err and "last_year_rate" in err


def test_professionalisation_from_26_takes_85_percent_of_the_branch_minimum(tmp_path, capsys):
    payload = {"birth_date": "1995-01-01", "month": "2025-09",
               "qualification": "bac_pro_or_above", "branch_minimum": "2300.00"}  # fmt: skip
    status, result, _ = run_pay(tmp_path, capsys, "professionalisation", payload)
    assert status == 0
    assert (result["rate"], result["monthly_minimum"]) == ("0.85", "1955.00")


def test_professionalisation_rejects_an_unknown_qualification(tmp_path, capsys):
    payload = {"birth_date": "2006-03-15", "month": "2025-09", "qualification": "bac"}
    status, _, err = run_pay(tmp_path, capsys, "professionalisation", payload)
    assert status == 2 and "qualification" in err


def test_the_internship_stipend_example_of_the_issue(tmp_path, capsys):
    payload = {"school_year": "2025-2026", "months": [
        {"month": "2025-12", "hours": 98}, {"month": "2026-01", "hours": 154},
        {"month": "2026-02", "hours": 154}]}  # fmt: skip
    status, result, _ = run_pay(tmp_path, capsys, "internship", payload)
    assert status == 0
    assert result["stipend_due"] is True and result["total_hours"] == 406
    assert result["months"][0] == {"month": "2025-12", "hourly_minimum": "4.35",
                                   "minimum": "426.30"}  # fmt: skip
    assert result["total_minimum"] == "1812.30"


def test_no_stipend_gives_zero_every_month(tmp_path, capsys):
    payload = {
        "school_year": "2025-2026",
        "months": [{"month": "2025-10", "hours": 154}, {"month": "2025-11", "hours": 154}],
    }
    status, result, _ = run_pay(tmp_path, capsys, "internship", payload)
    assert status == 0 and result["stipend_due"] is False
    assert [m["minimum"] for m in result["months"]] == ["0.00", "0.00"]
    assert result["total_minimum"] == "0.00"


def test_a_bad_month_of_the_internship_names_its_index(tmp_path, capsys):
    payload = {
        "school_year": "2025-2026",
        "months": [{"month": "2025-10", "hours": 10}, {"month": "décembre", "hours": 10}],
    }
    status, _, err = run_pay(tmp_path, capsys, "internship", payload)
    assert status == 2 and "months[1]" in err and "month" in err


def test_invalid_json_and_unknown_subcommand_exit_2(tmp_path, capsys):
    path = tmp_path / "broken.json"
    path.write_text("{", encoding="utf-8")
    assert main(["pay", "apprentice", str(path)]) == 2
    assert "JSON invalide" in capsys.readouterr().err
    assert main(["pay", "bonus", str(path)]) == 2
    assert "usage" in capsys.readouterr().err


def test_a_misspelt_optional_field_exits_2_instead_of_being_ignored(tmp_path, capsys):
    # "plus_15_point" ignored would pay 51 % instead of 66 %: the field must be refused.
    payload = dict(ISSUE_EXAMPLE, plus_15_point=True)
    status, result, err = run_pay(tmp_path, capsys, "apprentice", payload)
    assert status == 2 and result is None
    assert "plus_15_point" in err and "inconnu" in err


def test_an_unknown_field_in_a_nested_object_exits_2(tmp_path, capsys):
    payload = dict(
        ISSUE_EXAMPLE,
        previous_contract={"diploma_obtained": True, "same_employer": True,
                           "last_year_rate": "0.60", "last_year_rates": "0.70"},
    )  # fmt: skip
    status, result, err = run_pay(tmp_path, capsys, "apprentice", payload)
    assert status == 2 and result is None
    assert "previous_contract" in err and "last_year_rates" in err


def test_an_unknown_field_of_an_internship_month_exits_2(tmp_path, capsys):
    payload = {"school_year": "2025-2026", "months": [{"month": "2025-12", "hour": 98}]}
    status, result, err = run_pay(tmp_path, capsys, "internship", payload)
    assert status == 2 and result is None
    assert "months[0]" in err


def test_a_bad_number_is_shown_as_written(tmp_path, capsys):
    payload = dict(ISSUE_EXAMPLE, credited_years=1.5)
    status, _, err = run_pay(tmp_path, capsys, "apprentice", payload)
    assert status == 2
    assert "reçu 1.5" in err and "Decimal" not in err
