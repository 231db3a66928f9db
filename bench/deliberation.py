"""Benchmark of `ndrc deliberate`, end to end: the whole command on a file of synthetic candidates.

    .venv/bin/python bench/deliberation.py [--count N] [--repeat R]

Generates `bench/data/candidates-N.json` (git-ignored) when missing: N candidates of sessions
2024–2026 and every category, with exemptions, carried grades, épreuves de contrôle, absences
and NV, all valid. Then runs `ndrc deliberate FILE` R times in a child process, its output
written to a file (every result with its explanation), and prints the best run: candidates per
second over the child's CPU time (one core; the machine may be shared, so the wall time is shown
too) and its peak memory. Apart, for scale: a process that only reads the JSON file
(`read_json`). Targets (issue 11): ≥ 20,000 candidates/s on one core, peak memory < 1 GB.
"""

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
NDRC = Path(sys.executable).parent / "ndrc"
CATEGORIES = [
    "scolaire", "apprenti_habilite", "fpc_public", "fpc_public_ccf", "scolaire_hors_contrat",
    "apprenti_non_habilite", "fpc_non_habilite", "distance", "experience",
]  # fmt: skip
LANGUAGES = ["anglais", "espagnol", "allemand", "italien"]
TARGET_PER_SECOND = 20_000
TARGET_MEMORY_MB = 1024


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


def _command(source: Path, results: Path) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one run of `ndrc deliberate source > results`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    with results.open("wb") as out:
        subprocess.run([str(NDRC), "deliberate", str(source)], stdout=out, check=True)  # noqa: S603
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return cpu, wall


def _read_only(source: Path) -> float:
    """CPU seconds of a process that only starts and reads the JSON file, as the command does."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    code = "import sys; from ndrc.regulation.jsonio import read_json; read_json(sys.argv[1])"
    subprocess.run([sys.executable, "-c", code, str(source)], check=True)  # noqa: S603
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def _verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    count, repeat = arguments.count, arguments.repeat
    source = DATA_DIR / f"candidates-{count}.json"
    if not source.exists():
        print(f"generating {count:,} candidates into {source} …", flush=True)
        generate(source, count)
    results = DATA_DIR / f"results-{count}.json"

    runs = [_command(source, results) for _ in range(repeat)]
    cpu = min(run[0] for run in runs)
    wall = min(run[1] for run in runs)
    # The largest resident set of the children waited for: every one ran this command.
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    decisions: dict[str, int] = {}
    printed = json.loads(results.read_bytes())
    for result in printed:
        decisions[result["decision"]] = decisions.get(result["decision"], 0) + 1
    if len(printed) != count:
        print(f"ndrc deliberate printed {len(printed):,} results for {count:,} candidates")
        return 1
    del printed
    parse = min(_read_only(source) for _ in range(repeat))

    per_second = count / cpu
    print(f"candidates               {count:,}  ({source.stat().st_size / 1e6:.0f} MB in, "
          f"{results.stat().st_size / 1e6:.0f} MB of results out)")  # fmt: skip
    print(f"decisions                {decisions}")
    print(f"ndrc deliberate          {cpu:.2f} s CPU (wall {wall:.2f} s), best of {repeat}")
    fast_enough = _verdict(per_second >= TARGET_PER_SECOND)
    print(
        f"candidates per second    {per_second:,.0f} on one core, end to end "
        f"(wall {count / wall:,.0f})  (target ≥ {TARGET_PER_SECOND:,}: {fast_enough})"
    )
    small_enough = _verdict(peak_mb < TARGET_MEMORY_MB)
    target = f"target < {TARGET_MEMORY_MB:,}: {small_enough}"
    print(f"peak memory              {peak_mb:,.0f} MB  ({target})")
    print(f"reading the JSON alone   {parse:.2f} s CPU ({parse / cpu:.0%} of the command)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
