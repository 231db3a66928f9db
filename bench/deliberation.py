"""Benchmark of `ndrc deliberate`: synthetic candidates, parse alone vs. parse + deliberate.

    .venv/bin/python bench/deliberation.py [--count N] [--repeat R]

Generates `bench/data/candidates-N.json` (git-ignored) when missing, then times, as the command
does them:
1. reading and parsing the JSON alone (`read_json`: decimals as Decimal);
2. the same, then validating and deliberating every candidate (`deliberate_all`), each result
   carrying its full explanation (as a trace of values, written out when serialised);
3. apart, writing every result as JSON (`result_as_json`, what the command prints).
Each figure is the best of R runs, in CPU time of this process (the machine may be shared; wall
time is shown too). Memory is released outside the timings, in (1) and (2) alike: both keep the
records they parsed until timed (freeing a million records takes about 15 % of their parse).
Targets (issue 2): (2) ≤ 2 × (1), and ≥ 50,000 candidates/s on one core.
"""

import argparse
import gc
import json
import random
import sys
import time
from pathlib import Path

from ndrc.cli.deliberate import deliberate_all
from ndrc.cli.io import read_json
from ndrc.regulation.deliberation import result_as_json

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


def _timed(action, repeat: int):
    """(result of the last run, best CPU seconds, best wall seconds) of `action`, the cyclic
    garbage collector off as in `ndrc deliberate`."""
    best_cpu = best_wall = float("inf")
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        cpu, wall = time.process_time(), time.perf_counter()
        result = action()
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
        gc.enable()
        if _ < repeat - 1:
            del result
    return result, best_cpu, best_wall


def _verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1)
    arguments = parser.parse_args()
    count, repeat = arguments.count, arguments.repeat
    path = DATA_DIR / f"candidates-{count}.json"
    if not path.exists():
        print(f"generating {count:,} candidates into {path} …", flush=True)
        generate(path, count)
    name = str(path)
    deliberate_all(read_json(name)[:1000])  # load the framework and parameters once

    records, parse_cpu, parse_wall = _timed(lambda: read_json(name), repeat)
    del records
    (records, results), total_cpu, total_wall = _timed(
        lambda: (records := read_json(name), deliberate_all(records)), repeat
    )
    del records
    texts, write_cpu, write_wall = _timed(lambda: list(map(result_as_json, results)), repeat)
    size = sum(map(len, texts))
    del texts

    decisions: dict[str, int] = {}
    for result in results:
        decisions[result.decision] = decisions.get(result.decision, 0) + 1
    per_second = len(results) / total_cpu
    ratio = total_cpu / parse_cpu
    print(f"candidates               {len(results):,}  ({path.stat().st_size / 1e6:.0f} MB)")
    print(f"decisions                {decisions}")
    print(f"parse only               {parse_cpu:.2f} s  (wall {parse_wall:.2f} s)")
    print(f"parse + deliberate       {total_cpu:.2f} s  (wall {total_wall:.2f} s)")
    fast_enough = _verdict(per_second >= 50_000)
    print(f"candidates per second    {per_second:,.0f}  (target ≥ 50,000: {fast_enough})")
    print(f"ratio to parse time      {ratio:.2f}  (target ≤ 2: {_verdict(ratio <= 2)})")
    print(
        f"writing JSON             {write_cpu:.2f} s (wall {write_wall:.2f} s), "
        f"{len(results) / write_cpu:,.0f} results/s, {write_cpu / len(results) * 1e6:.1f} µs "
        f"per result, {size / 1e6:,.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
