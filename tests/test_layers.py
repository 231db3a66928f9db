"""The house has layers that only look down, as docs/architecture.md draws them.

The engine (`ndrc.regulation`: the law as data and pure code) is at the bottom; `ndrc.core`
(centres, people, roles, audit, the shared interface toolbox `core.ui`) sits on it; the domain
apps (one per area of the domain) on core; the interface apps (the pages that gather many apps,
the API, the command line, the demo population) on the domain apps; the project's settings, URLs
and entry point on top. A module imports from its own layer or the layers below, never above: a
domain app never reaches for a dashboard, core never for a domain app. Apps of one layer may use
each other.

Every file of src/ndrc/ is read as text (its imports, wherever they are written, lazy ones
included), so the test needs no database and fails naming the file, the line and the import.
"""

import ast
from functools import cache
from pathlib import Path

import ndrc

ENGINE, CORE, DOMAIN, INTERFACE, PROJECT = range(5)
NAMES = ("engine", "core", "domain app", "interface app", "project")

# The layer of every package and top-level module of src/ndrc/: a new app is one line here.
LAYERS = {
    "__init__": ENGINE,
    "regulation": ENGINE,
    "core": CORE,
    "jobs": CORE,  # background jobs: imports only core, every app may start one
    # One app per area of the domain.
    "learners": DOMAIN,
    "companies": DOMAIN,
    "contracts": DOMAIN,
    "portfolio": DOMAIN,
    "assessments": DOMAIN,
    "documents": DOMAIN,
    "frameworks": DOMAIN,
    "exams": DOMAIN,
    "imports": DOMAIN,
    "accounts": DOMAIN,  # logins, invitations, roles given and taken back
    "gradebook": DOMAIN,
    # Being built (issues 13 to 18).
    "timetable": DOMAIN,
    "attendance": DOMAIN,
    "followup": DOMAIN,
    "indicators": DOMAIN,
    "admissions": DOMAIN,
    # At the top: what gathers the apps or drives them from outside.
    "dashboard": INTERFACE,
    "api": INTERFACE,
    "cli": INTERFACE,
    "demo": INTERFACE,
    "settings": PROJECT,
    "urls": PROJECT,
    "wsgi": PROJECT,
    "__main__": PROJECT,
}

SOURCE = Path(ndrc.__file__).parent


@cache  # read once per test process, for every test of the file
def _python_files() -> tuple[Path, ...]:
    return tuple(sorted(SOURCE.rglob("*.py")))


def _part_of(path: Path) -> str:
    """The package or top-level module of src/ndrc/ a file belongs to."""
    relative = path.relative_to(SOURCE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


@cache  # each file parsed once per test process
def _imports(path: Path) -> tuple[tuple[int, str], ...]:
    """(line, module) of every import in a file, relative ones made absolute."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = ".".join(("ndrc", *path.relative_to(SOURCE).with_suffix("").parts))
    if path.name != "__init__.py":
        package = package.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            # `from ndrc import learners` reaches the learners app.
            if module == "ndrc":
                found.extend((node.lineno, f"ndrc.{alias.name}") for alias in node.names)
    return tuple(found)


def test_every_package_of_the_house_has_its_layer():
    parts = {_part_of(path) for path in _python_files()}
    missing = sorted(parts - set(LAYERS))
    assert missing == [], f"add each to LAYERS in {__file__} (a new domain app: DOMAIN)"


def test_no_module_imports_one_above_it():
    upward = []
    for path in _python_files():
        layer = LAYERS[_part_of(path)]
        for line, module in _imports(path):
            names = module.split(".")
            if names[0] != "ndrc" or len(names) < 2 or names[1] not in LAYERS:
                continue
            target = LAYERS[names[1]]
            if target > layer:
                where = f"{path.relative_to(SOURCE.parent)}:{line}"
                upward.append(f"{where} ({NAMES[layer]}) imports {module} ({NAMES[target]})")
    assert upward == [], "\n".join(upward)


def test_the_engine_imports_no_framework():
    """The engine is pure Python: neither Django nor django-ninja (checked on import as well by
    tests/regulation/test_engine_is_pure.py)."""
    leaks = [
        f"{path.relative_to(SOURCE.parent)}:{line} imports {module}"
        for path in _python_files()
        if LAYERS[_part_of(path)] == ENGINE
        for line, module in _imports(path)
        if module.split(".")[0] in {"django", "ninja"}
    ]
    assert leaks == [], "\n".join(leaks)


def _domain_imports() -> dict[tuple[str, str], list[str]]:
    """(app, other app) → where `app` imports `other app`, for the domain apps."""
    found: dict[tuple[str, str], list[str]] = {}
    for path in _python_files():
        app = _part_of(path)
        if LAYERS[app] != DOMAIN:
            continue
        for line, module in _imports(path):
            names = module.split(".")
            if names[0] == "ndrc" and len(names) > 1 and names[1] != app:
                if LAYERS.get(names[1]) == DOMAIN:
                    where = f"{path.relative_to(SOURCE.parent)}:{line} imports {module}"
                    found.setdefault((app, names[1]), []).append(where)
    return found


# Domain apps that still import each other, each pair to be given one direction (issue 11):
# the list only shrinks. A pair broken must leave it; a new pair fails the test.
STILL_BOTH_WAYS = {
    ("admissions", "learners"),
    ("assessments", "exams"),
    ("assessments", "learners"),
    ("attendance", "gradebook"),
    ("companies", "learners"),
    ("contracts", "learners"),
    ("contracts", "portfolio"),
    ("imports", "learners"),
    ("learners", "portfolio"),
}


def test_no_two_domain_apps_import_each_other():
    """Apps of one layer may use each other, in one direction: the exams read the gradebook's
    livret (which is handed the section's results, `ExamsConfig.ready`), attendance builds on
    the timetable (which asks learners who may see a cohort's attendance)."""
    found = _domain_imports()
    both = {tuple(sorted(pair)) for pair in found if pair[::-1] in found}
    new = sorted(both - STILL_BOTH_WAYS)
    assert new == [], "\n".join(
        f"{a} <-> {b}:\n  " + "\n  ".join(found[a, b] + found[b, a]) for a, b in new
    )
    assert sorted(STILL_BOTH_WAYS - both) == [], "broken: remove from STILL_BOTH_WAYS"


def test_no_two_modules_of_different_apps_import_each_other():
    """Whatever the apps' arrows, no module of one app and module of another import each other
    (as `exams.selectors` and `gradebook.selectors` did)."""
    modules = {
        ".".join(("ndrc", *path.relative_to(SOURCE).with_suffix("").parts)).removesuffix(
            ".__init__"
        ): path
        for path in _python_files()
    }
    arrows = set()
    for name, path in modules.items():
        for _line, module in _imports(path):
            while module and module not in modules:
                module = module.rpartition(".")[0]
            if module not in ("", "ndrc") and module.split(".")[1] != _part_of(path):
                arrows.add((name, module))
    both = sorted(f"{a} <-> {b}" for a, b in arrows if (b, a) in arrows and a < b)
    assert both == [], "\n".join(both)
