"""The `ndrc` command line.

Regulation commands (`deliberate`, `exams`, `framework`, …) run the pure engine without starting
Django, so batch work stays fast. Any other command is a Django management command
(`ndrc migrate`, `ndrc runserver`, `ndrc demo`, the imports…).
"""

import os
import sys

from ndrc.cli import ENGINE_COMMANDS, run_command


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ENGINE_COMMANDS:
        return run_command(argv[0], argv[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ndrc.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["ndrc", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
