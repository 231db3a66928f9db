"""Benchmark of `ndrc deliberate`: synthetic candidates, parse alone vs. parse + deliberate.

    .venv/bin/python bench/deliberation.py [--count N]

Generates `bench/data/candidates-N.json` (git-ignored) when missing, then times
1. reading and parsing the JSON alone, as the command does (`json.loads`, floats as Decimal);
2. the same parse, then validation (`parse_candidate`) and deliberation (`deliberate`) of every
   candidate — each result carries its full explanation (as a trace of values);
and prints candidates per second and the ratio of (2) to (1). Targets (issue 2): ratio ≤ 2 and
≥ 50,000 candidates/s on one core. Writing the results as JSON is timed apart, for information.
"""

import argparse
import gc
import json
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

from ndrc.regulation.deliberation import deliberate, parse_candidate, result_as_dict

DATA_DIR = Path(__file__).parent / "data"
CATEGORIES = [
    "scolaire", "apprenti_habilite", "fpc_public", "fpc_public_ccf", "scolaire_hors_contrat",
    "apprenti_non_habilite", "fpc_non_habilite", "distance", "experience",
]  # fmt: skip
LANGUAGES = ["anglais", "espagnol", "allemand", "italien"]


def _grade(rng: random.Random) -> int | float:
    # Jury grades: whole or half points around a mean of 10.
    value = min(20.0, max(0.0, round(rng.gauss(10.5, 3.5) * 2) / 2))
    return int(value) if value.is_integer() else value


def _candidate(rng: random.Random, number: int) -> dict:
    session = rng.choice((2024, 2025, 2026))
    record: dict = {
        "id": f"{session}-{number:07d}",
        "session": session,
        "category": rng.choice(CATEGORIES),
    }
    grades = {unit: _grade(rng) for unit in ("U1", "U2", "U3", "U4")}
    grades["U5"] = {"written": _grade(rng), "practical": _grade(rng)}
    grades["U6"] = _grade(rng)
    draw = rng.random()
    if draw < 0.02:
        grades[rng.choice(("U1", "U4", "U6"))] = rng.choice(("absent", "excused", "NV"))
    record["lv1"] = "anglais"
    if rng.random() < 0.3:
        record["lv2"] = rng.choice(LANGUAGES[1:])
        grades["UF1"] = _grade(rng)
    if rng.random() < 0.05:
        record["qualifications"] = ["bts"]
        record["exemptions"] = ["U1", "U2"]
        del grades["U1"], grades["U2"]
    if rng.random() < 0.08:
        record["form"] = "progressive"
        unit = rng.choice(("U4", "U6"))
        grades.pop(unit)
        record["carried_grades"] = [
            {"unit": unit, "grade": 10 + rng.randint(0, 8), "session": session - 2,
             "framework": "bts_ndrc_2018"}
        ]  # fmt: skip
    record["grades"] = grades
    if draw > 0.95:
        record["resit_grades"] = {"U1": _grade(rng), "U3": _grade(rng)} if "U1" in grades else {}
    return record


def generate(path: Path, count: int) -> None:
    rng = random.Random(20260042)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    with partial.open("w", encoding="utf-8") as out:
        out.write("[\n")
        for number in range(count):
            if number:
                out.write(",\n")
            out.write(json.dumps(_candidate(rng, number), ensure_ascii=False))
        out.write("\n]\n")
    partial.rename(path)


def _parse(path: Path):
    return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    count = parser.parse_args().count
    path = DATA_DIR / f"candidates-{count}.json"
    if not path.exists():
        print(f"generating {count:,} candidates into {path} …", flush=True)
        generate(path, count)
    deliberate(parse_candidate(_parse(path)[0]))  # load the framework and parameters once
    gc.collect()

    # Both timings run without the cyclic garbage collector, as `ndrc deliberate` does: the
    # records and results hold no reference cycle, and collecting would only add noise.
    gc.disable()
    start = time.perf_counter()
    records = _parse(path)
    parse_seconds = time.perf_counter() - start
    del records
    gc.collect()

    start = time.perf_counter()
    records = _parse(path)
    results = [deliberate(parse_candidate(r, index=i)) for i, r in enumerate(records)]
    total_seconds = time.perf_counter() - start
    gc.enable()

    start = time.perf_counter()
    text = json.dumps([result_as_dict(r) for r in results[:100_000]], ensure_ascii=False)
    write_seconds = (time.perf_counter() - start) * len(results) / min(len(results), 100_000)
    del text

    decisions: dict[str, int] = {}
    for result in results:
        decisions[result.decision] = decisions.get(result.decision, 0) + 1
    per_second = len(results) / total_seconds
    ratio = total_seconds / parse_seconds
    print(f"candidates               {len(results):,}  ({path.stat().st_size / 1e6:.0f} MB)")
    print(f"decisions                {decisions}")
    print(f"parse only               {parse_seconds:.2f} s")
    print(f"parse + deliberate       {total_seconds:.2f} s")
    print(f"candidates per second    {per_second:,.0f}  (target ≥ 50,000)")
    print(f"ratio to parse time      {ratio:.2f}  (target ≤ 2)")
    print(f"writing JSON (estimate)  {write_seconds:.2f} s, apart from the figures above")
    return 0


if __name__ == "__main__":
    sys.exit(main())
