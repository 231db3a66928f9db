"""The argument parser of the engine commands that take options."""

import argparse
import sys
from typing import NoReturn

from ndrc.regulation.errors import EXIT_BAD_INPUT


class FrenchParser(argparse.ArgumentParser):
    """argparse reports usage errors in English; the command line speaks French."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"ndrc : erreur : arguments invalides ({message})\n")
