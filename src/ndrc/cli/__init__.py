"""Engine commands of the `ndrc` command line: each takes its arguments and returns an exit status.

They read JSON, print JSON on standard output, and on malformed input print a French message
on standard error and exit with status 2 (see `ndrc.cli.io`). They are thin clients of the
engine, which reads the JSON records (`ndrc.regulation.jsonio`, `ndrc.regulation.records`).
"""

from importlib import import_module

# Each command's module, imported when the command runs: `ndrc deliberate` loads no other.
ENGINE_COMMANDS: dict[str, str] = {
    "deliberate": "deliberate",
    "exams": "exams",
    "framework": "framework",
    "pay": "pay",
    "internship": "internship",
    "check-dossier": "check_dossier",
    "check-master": "check_master",
    "check-registration": "check_registration",
    "check-start-without-contract": "start_without_contract",
    "calendar": "training_calendar",
    "attendance": "attendance",
    "indicators": "indicators",
}


def run_command(name: str, argv: list[str]) -> int:
    """Run the engine command `name` (a key of ENGINE_COMMANDS) with its arguments."""
    return import_module(f"ndrc.cli.{ENGINE_COMMANDS[name]}").main(argv)
