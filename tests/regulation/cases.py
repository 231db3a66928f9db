"""Loading and running the hand-computed YAML cases of tests/regulation/cases/<folder>/.

A case file is either a list of cases, or a mapping whose `cases` share the file's other fields
(the rule checked, a base record…). Every case names the articles it rests on (`articles`) and
writes out its hand computation (`computation`): a case without them is refused when the tests
are collected, naming the file and the case.
"""

from pathlib import Path

import pytest

from ndrc.regulation.errors import InputError
from ndrc.regulation.framework import load_yaml

CASES_DIR = Path(__file__).parent / "cases"


def load_cases(folder: str) -> list[pytest.ParameterSet]:
    """The cases of cases/<folder>/*.yaml as pytest params, in file then case order.

    A case of a list file is the param `case`; a case of a mapping file is `(file, case)`,
    `file` being the whole mapping, so the runner sees what its cases share. Ids read
    `<file stem>: <case name>`.
    """
    params = []
    for path in sorted((CASES_DIR / folder).glob("*.yaml")):
        data = load_yaml(path.read_text(encoding="utf-8"))
        shared = isinstance(data, dict)
        for case in data["cases"] if shared else data:
            computation = case.get("computation")
            written_out = isinstance(computation, str) and computation.strip()
            if not case.get("articles") or not written_out:
                raise ValueError(
                    f"{path}: case « {case.get('name')} » lacks its articles or its computation"
                )
            values = (data, case) if shared else (case,)
            params.append(pytest.param(*values, id=f"{path.stem}: {case['name']}"))
    if not params:
        raise ValueError(f"no case in {CASES_DIR / folder}")
    return params


def compute(case: dict, functions: dict):
    """Run `functions[case["function"]]` on the case's `input` and return its result.

    A case that expects an `error` must raise InputError with a message containing it; None is
    returned then, and the runner has nothing more to check.
    """
    function = functions[case["function"]]
    if "error" in case:
        with pytest.raises(InputError) as error:
            function(case["input"])
        assert case["error"] in str(error.value)
        return None
    return function(case["input"])
