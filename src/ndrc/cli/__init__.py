"""Engine commands of the `ndrc` command line: each takes its arguments and returns an exit status.

They read JSON, print JSON on standard output, and on malformed input print a French message
on standard error and exit with status 2 (see `ndrc.cli.io`).
"""

from collections.abc import Callable

from ndrc.cli import (
    attendance,
    check_dossier,
    deliberate,
    exams,
    framework,
    internship,
    pay,
    training_calendar,
)

ENGINE_COMMANDS: dict[str, Callable[[list[str]], int]] = {
    "deliberate": deliberate.main,
    "exams": exams.main,
    "framework": framework.main,
    "pay": pay.main,
    "internship": internship.main,
    "check-dossier": check_dossier.main,
    "calendar": training_calendar.main,
    "attendance": attendance.main,
}
