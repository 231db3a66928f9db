"""`ndrc exams --category C [--extra-time] [--session YYYY]`: a candidate's exams, as JSON."""

import argparse

from ndrc.cli.io import run, today_in_paris
from ndrc.cli.parser import FrenchParser
from ndrc.regulation.exams import exams_for, plan_as_list


def _parser() -> argparse.ArgumentParser:
    parser = FrenchParser(
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
    session = arguments.session or today_in_paris().year
    return run(
        lambda: plan_as_list(
            exams_for(arguments.category, extra_time=arguments.extra_time, session=session)
        )
    )
