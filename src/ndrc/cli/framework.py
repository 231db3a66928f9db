"""`ndrc framework [--case]`: the framework (référentiel) as JSON, or as a 1EdTech CASE package."""

from ndrc.cli.io import run
from ndrc.cli.parser import FrenchParser
from ndrc.regulation.case import case_package
from ndrc.regulation.framework import CURRENT_FRAMEWORK, framework_as_dict, load_framework


def main(argv: list[str]) -> int:
    parser = FrenchParser(
        prog="ndrc framework",
        description="Affiche le référentiel du BTS NDRC en JSON (unités, épreuves et formes par "
        "catégorie de candidats, pôles d'activités, blocs de compétences, définitions des "
        "épreuves, grille horaire, incohérences relevées).",
    )
    parser.add_argument(
        "--case", action="store_true", help="export au format 1EdTech CASE (CFPackage)"
    )
    options = parser.parse_args(argv)
    framework = load_framework(CURRENT_FRAMEWORK)
    return run(lambda: case_package(framework) if options.case else framework_as_dict(framework))
