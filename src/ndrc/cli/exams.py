"""`ndrc exams --category C [--extra-time] [--session YYYY]`: a candidate's exams, as JSON."""

import argparse
import sys
from datetime import datetime
from typing import NoReturn
from zoneinfo import ZoneInfo

from ndrc.cli.io import EXIT_BAD_INPUT, run
from ndrc.regulation.exams import exams_for, plan_as_list


class _FrenchParser(argparse.ArgumentParser):
    """argparse reports usage errors in English; the command line speaks French."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"ndrc : erreur : arguments invalides ({message})\n")


def _parser() -> argparse.ArgumentParser:
    parser = _FrenchParser(
        prog="ndrc exams",
        description="Épreuves d'un candidat selon sa catégorie (annexe II c), en JSON.",
    )
    parser.add_argument("--category", required=True, help="catégorie de candidat (ex. scolaire)")
    parser.add_argument(
        "--extra-time", action="store_true", help="majoration de temps pour aménagement"
    )
    parser.add_argument(
        "--session",
        type=int,
        help="session d'examen (année) dont la règle de majoration s'applique ; "
        "par défaut l'année en cours",
    )
    return parser


def main(argv: list[str]) -> int:
    arguments = _parser().parse_args(argv)
    # Time enters here, at the edge: the default session is the current year in Paris.
    session = arguments.session or datetime.now(ZoneInfo("Europe/Paris")).year
    return run(
        lambda: plan_as_list(
            exams_for(arguments.category, extra_time=arguments.extra_time, session=session)
        )
    )
