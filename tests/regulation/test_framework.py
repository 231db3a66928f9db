"""The framework (référentiel) as data: what a reader can check against the arrêté du 19 février
2018, and each validation rule failing on a broken copy of the data with a French message that
names the file and the entry."""

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from ndrc.regulation.errors import FrameworkDataError
from ndrc.regulation.framework import (
    FRAMEWORKS_DIR,
    load_framework,
    load_framework_from,
    load_yaml,
)

FRAMEWORK = load_framework()


# --- What the text says, counted by hand -------------------------------------------------------


def test_three_skill_blocks_each_tied_to_its_professional_unit():
    # Tableau de synthèse: bloc 1 -> U4, bloc 2 -> U5, bloc 3 -> U6.
    assert {code: b.unit for code, b in FRAMEWORK.skill_blocks.items()} == {
        "BC01": "U4",
        "BC02": "U5",
        "BC03": "U6",
    }


def test_competences_sub_competences_and_criteria_per_block_match_annex_I_b():
    # Annexe I b: bloc 1 has 4 compétences (4 + 2 + 3 + 2 sous-compétences) and 20 critères,
    # bloc 2 has 3 (3 + 2 + 3) and 16, bloc 3 has 3 (2 + 2 + 3) and 12: 48 critères in all.
    counts = {
        code: (
            len(block.competences),
            [len(c.sub_competences) for c in block.competences],
            len(block.performance_criteria),
        )
        for code, block in FRAMEWORK.skill_blocks.items()
    }
    assert counts == {
        "BC01": (4, [4, 2, 3, 2], 20),
        "BC02": (3, [3, 2, 3], 16),
        "BC03": (3, [2, 2, 3], 12),
    }


def test_a_competence_lists_the_criteria_of_its_sub_competences_in_order():
    competence = FRAMEWORK.competence("BC01-C2")
    assert competence.title == "Négocier et accompagner la relation client"
    assert [c.text for c in competence.performance_criteria] == [
        "Maîtrise de la relation interpersonnelle",
        "Efficacité de la négociation commerciale",
        "Pertinence de la solution proposée",
        "Personnalisation de la relation client",
        "Qualité du diagnostic et de l'accompagnement client",
        "Respect des engagements",
        "Évolutivité et enrichissement de la relation client",
    ]


def test_a_criterion_is_found_by_its_code():
    criterion = FRAMEWORK.performance_criterion("BC03-C3-S2-PC1")
    assert criterion.text == "Pertinence et efficacité des actions de recrutement et de formation"


@pytest.mark.parametrize(
    ("lookup", "code", "message"),
    [
        ("competence", "BC04-C1", "compétence inconnue dans le référentiel bts_ndrc_2018"),
        ("performance_criterion", "BC01-C1-S1-PC9", "critère de performance inconnu"),
        ("activity", "P4-A1", "activité inconnue"),
    ],
)
def test_an_unknown_code_raises_a_key_error_naming_it(lookup, code, message):
    with pytest.raises(KeyError, match=message) as error:
        getattr(FRAMEWORK, lookup)(code)
    assert code in str(error.value)


def test_three_activity_areas_with_their_activities_from_annex_I_a():
    areas = {
        code: [a.title for a in area.activities] for code, area in FRAMEWORK.activity_areas.items()
    }
    assert areas == {
        "P1": [
            "Développement de clientèle",
            "Négociation, vente et valorisation de la relation client",
            "Animation de la relation client",
            "Veille et expertise commerciales",
        ],
        "P2": [
            "Gestion de la relation client à distance",
            "Gestion de la e-relation client",
            "Gestion de la vente en e-Commerce",
        ],
        "P3": [
            "Animation de réseaux de distributeurs",
            "Animation de réseaux de partenaires",
            "Animation de réseaux de vente directe",
        ],
    }
    direct_sales = FRAMEWORK.activity("P3-A3")
    assert direct_sales.tasks == (
        "Animation, vente et conseil à domicile",
        "Développement d'un réseau de conseillers de vente à domicile",
    )
    assert direct_sales.expected_results == (
        "Développement des ventes et des contacts réseau",
        "Efficacité et pérennisation du réseau",
    )


def test_professional_exams_are_assessed_on_exactly_their_block_criteria():
    # Annexe II d, 3. Critères d'évaluation of E4, E5, E6: the critères of blocs 1, 2, 3.
    for exam, block in (("E4", "BC01"), ("E5", "BC02"), ("E6", "BC03")):
        expected = tuple(c.code for c in FRAMEWORK.skill_blocks[block].performance_criteria)
        assert FRAMEWORK.exam_definitions[exam].evaluation_criteria == expected


def test_the_e4_oral_has_three_phases_of_twenty_minutes_filling_the_hour():
    # Annexe II d, E4 4.2.1: three phases of 20 minutes at most, one hour in all (annexe II c).
    phases = FRAMEWORK.exam_definitions["E4"].phases
    assert [(p.code, p.maximum_minutes) for p in phases] == [("1", 20), ("2", 20), ("3", 20)]
    assert FRAMEWORK.exams["E4"].forms["C"].duration_minutes == 60


def test_ccf_situations_with_their_maximum_durations():
    # Annexe II d: E2 situations 10 and 20 minutes (15 minutes of preparation each); E6 15 and 25.
    e2 = FRAMEWORK.exam_definitions["E2"].situations
    assert [(s.code, s.maximum_minutes, s.preparation_minutes) for s in e2] == [
        ("A", 10, 15),
        ("B", 20, 15),
    ]
    e6 = FRAMEWORK.exam_definitions["E6"].situations
    assert [(s.code, s.maximum_minutes) for s in e6] == [("A", 15), ("B", 25)]


def test_the_e4_final_commission_is_a_block_1_teacher_and_a_professional():
    (final,) = [c for c in FRAMEWORK.exam_definitions["E4"].commissions if c.form == "final"]
    assert [m.role for m in final.members] == ["teacher", "professional"]
    assert "À défaut de professionnel" in final.note


def test_the_hours_grid_adds_up_to_870_hours_a_year():
    # Annexe III a: 17 h cours + 12 h TD a week, 870 h a year; the optional LV2 is outside.
    grid = FRAMEWORK.hours
    assert grid.total_first_year.lecture == 17
    assert grid.total_first_year.tutorial == 12
    assert grid.total_annual_hours == (870, 870)
    assert sum(r.annual_hours[0] for r in grid.compulsory_rows) == 870
    assert [r.code for r in grid.rows if r.optional] == ["lv2"]


def test_the_inconsistencies_of_the_text_are_recorded_with_the_canonical_wording():
    aliases = {a.code: a for a in FRAMEWORK.aliases}
    implanter = aliases["implanter-offre"]
    assert {w.text for w in implanter.wordings} == {
        "Planter et promouvoir l'offre chez des distributeurs",
        "Implanter et promouvoir l'offre chez des distributeurs",
    }
    assert FRAMEWORK.competence("BC03-C1").title == implanter.canonical
    partners = aliases["piloter-reseau-partenaires"]
    assert "Développer et animer un réseau de partenaires" in {w.text for w in partners.wordings}
    assert (
        FRAMEWORK.competence("BC03-C2").title
        == partners.canonical
        == ("Développer et piloter un réseau de partenaires")
    )


def test_general_units_keep_the_skills_of_the_synthesis_table():
    assert list(FRAMEWORK.general_units) == ["U1", "U2", "U3", "UF1"]
    assert FRAMEWORK.general_units["U2"].skills[0].title.startswith("Niveau B2 du CECRL")


# --- Validation: a broken copy of the data fails with a clear French message -------------------


@pytest.fixture
def broken_copy(tmp_path: Path) -> Callable[..., Path]:
    """Copy the framework to a tmp folder and apply an edit to one of its YAML files."""
    folder = tmp_path / "bts_ndrc_2018"
    shutil.copytree(FRAMEWORKS_DIR / "bts_ndrc_2018", folder)

    def edit(file: str, change: Callable[[Any], None]) -> Path:
        path = folder / f"{file}.yaml"
        data = load_yaml(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return folder

    return edit


def _block(data: dict, code: str) -> dict:
    return next(b for b in data["skill_blocks"] if b["code"] == code)


def _sub(data: dict, code: str) -> dict:
    block = _block(data, code[:4])
    competence = next(c for c in block["competences"] if c["code"] == code[:7])
    return next(s for s in competence["sub_competences"] if s["code"] == code)


def _exam_definition(data: dict, exam: str) -> dict:
    return next(d for d in data["exam_definitions"] if d["exam"] == exam)


def _criterion_in_two_places(data):
    first = _sub(data, "BC01-C1-S1")["performance_criteria"][0]
    _sub(data, "BC01-C1-S2")["performance_criteria"].append(
        {"code": "BC01-C1-S2-PC2", "text": first["text"]}
    )


def _duplicate_code(data):
    _sub(data, "BC02-C1-S2")["performance_criteria"][0]["code"] = "BC02-C1-S2-PC1"
    _sub(data, "BC02-C1-S2")["performance_criteria"].append(
        {"code": "BC02-C1-S2-PC1", "text": "Un autre critère"}
    )


def _wrong_parent(data):
    _sub(data, "BC01-C1-S2")["performance_criteria"][0]["code"] = "BC01-C1-S3-PC2"


def _empty_sub_competence(data):
    _sub(data, "BC03-C2-S1")["performance_criteria"] = []


def _bad_grouping(data):
    _block(data, "BC01")["competences"][0]["criteria_grouping"] = "guess"


def _block_of_unknown_unit(data):
    _block(data, "BC02")["unit"] = "U9"


def _missing_title(data):
    del _sub(data, "BC01-C4-S2")["title"]


def _heavier_u4(data):
    next(u for u in data["units"] if u["code"] == "U4")["coefficient"] = 6


def _exam_of_unknown_unit(data):
    next(e for e in data["exams"] if e["code"] == "E1")["unit"] = "U7"


def _no_column_c_for_e6(data):
    del next(e for e in data["exams"] if e["code"] == "E6")["forms"]["C"]


def _criterion_missing_from_e4(data):
    del _exam_definition(data, "E4")["evaluation_criteria"][3]


def _criteria_out_of_order_in_e6(data):
    criteria = _exam_definition(data, "E6")["evaluation_criteria"]
    criteria[0], criteria[1] = criteria[1], criteria[0]


def _other_wording_in_e5(data):
    _exam_definition(data, "E5")["evaluation_criteria"][1]["wording"] = (
        "La qualité de lecture du dossier client"
    )


def _phases_longer_than_the_oral(data):
    _exam_definition(data, "E4")["phases"][1]["maximum_minutes"] = 30


def _three_situations_for_e6(data):
    situations = _exam_definition(data, "E6")["situations"]
    situations.append({"code": "C", "title": "En trop", "maximum_minutes": 10})


def _unknown_competence_in_e5(data):
    _exam_definition(data, "E5")["competences"].append("BC02-C9")


def _area_of_unknown_block(data):
    data["activity_areas"][2]["skill_block"] = "BC09"


def _activity_without_tasks(data):
    data["activity_areas"][0]["activities"][1]["tasks"] = []


def _wrong_total_hours(data):
    data["total"]["first_year"]["lecture"] = 18


def _canonical_not_a_wording(data):
    data["aliases"][0]["canonical"] = "Installer et promouvoir l'offre chez des distributeurs"


def _title_not_the_canonical_wording(data):
    data["aliases"][0]["canonical"] = "Planter et promouvoir l'offre chez des distributeurs"


def _alias_of_unknown_subject(data):
    data["aliases"][1]["subject"] = "BC03-C7"


BROKEN = [
    (
        "skill_blocks",
        _criterion_in_two_places,
        "skill_blocks.yaml, BC01-C1-S2-PC2 : critère déjà rattaché à BC01-C1-S1-PC1",
    ),
    ("skill_blocks", _duplicate_code, "skill_blocks.yaml, BC02-C1-S2-PC1 : code en double"),
    (
        "skill_blocks",
        _wrong_parent,
        "skill_blocks.yaml, BC01-C1-S3-PC2 : "
        "le code doit commencer par celui de son parent BC01-C1-S2",
    ),
    (
        "skill_blocks",
        _empty_sub_competence,
        "skill_blocks.yaml, BC03-C2-S1 : aucun critère de performance",
    ),
    ("skill_blocks", _bad_grouping, "skill_blocks.yaml, BC01-C1 : criteria_grouping doit valoir"),
    ("skill_blocks", _block_of_unknown_unit, "skill_blocks.yaml, BC02 : l'unité U9 n'existe pas"),
    ("skill_blocks", _missing_title, "skill_blocks.yaml, BC01-C4-S2 : champ « title » manquant"),
    ("units", _heavier_u4, "units.yaml : la somme des coefficients des unités obligatoires est 22"),
    ("exams", _exam_of_unknown_unit, "exams.yaml, E1 : unité inconnue « U7 »"),
    ("exams", _no_column_c_for_e6, "exams.yaml, E6 : pas de forme pour la colonne C"),
    (
        "exam_definitions",
        _criterion_missing_from_e4,
        "exam_definitions.yaml, E4 : les critères d'évaluation doivent être exactement ceux "
        "du bloc BC01 (manquants : BC01-C1-S3-PC1",
    ),
    (
        "exam_definitions",
        _criteria_out_of_order_in_e6,
        "exam_definitions.yaml, E6 : critères d'évaluation dans un autre ordre",
    ),
    (
        "exam_definitions",
        _other_wording_in_e5,
        "exam_definitions.yaml, E5, BC02-C1-S1-PC2 : "
        "« La qualité de lecture du dossier client » diffère du critère",
    ),
    (
        "exam_definitions",
        _phases_longer_than_the_oral,
        "exam_definitions.yaml, E4 : "
        "les durées maximales des phases (20 + 30 + 20 min) dépassent la durée de 60 min",
    ),
    (
        "exam_definitions",
        _three_situations_for_e6,
        "exam_definitions.yaml, E6 : 3 situations décrites, [2] annoncées",
    ),
    (
        "exam_definitions",
        _unknown_competence_in_e5,
        "exam_definitions.yaml, E5 : compétence inconnue « BC02-C9 »",
    ),
    (
        "activity_areas",
        _area_of_unknown_block,
        "activity_areas.yaml, P3 : bloc de compétences inconnu « BC09 »",
    ),
    (
        "activity_areas",
        _activity_without_tasks,
        "activity_areas.yaml, P1-A2 : tâches ou résultats attendus manquants",
    ),
    (
        "hours",
        _wrong_total_hours,
        "hours.yaml, total, first_year, lecture : "
        "la somme des lignes donne 17, le total indique 18",
    ),
    (
        "aliases",
        _canonical_not_a_wording,
        "aliases.yaml, implanter-offre : la forme retenue n'est pas l'une des formulations",
    ),
    (
        "aliases",
        _title_not_the_canonical_wording,
        "aliases.yaml, implanter-offre : BC03-C1 est intitulé « Implanter",
    ),
    (
        "aliases",
        _alias_of_unknown_subject,
        "aliases.yaml, piloter-reseau-partenaires : sujet inconnu « BC03-C7 »",
    ),
]


@pytest.mark.parametrize(
    ("file", "change", "message"),
    BROKEN,
    ids=[change.__name__.strip("_") for _, change, _ in BROKEN],
)
def test_broken_data_is_rejected_naming_the_file_and_the_entry(broken_copy, file, change, message):
    folder = broken_copy(file, change)
    with pytest.raises(FrameworkDataError) as error:
        load_framework_from(folder)
    assert str(error.value).startswith("bts_ndrc_2018")
    assert message in str(error.value)


def test_a_missing_file_is_named(broken_copy):
    folder = broken_copy("hours", lambda data: None)
    (folder / "hours.yaml").unlink()
    with pytest.raises(
        FrameworkDataError, match=re.escape("bts_ndrc_2018 : fichier manquant : hours.yaml")
    ):
        load_framework_from(folder)


def test_invalid_yaml_is_named(broken_copy):
    folder = broken_copy("aliases", lambda data: None)
    (folder / "aliases.yaml").write_text("aliases: [\n", encoding="utf-8")
    with pytest.raises(FrameworkDataError, match=re.escape("aliases.yaml : YAML invalide")):
        load_framework_from(folder)


def test_files_of_other_engine_parts_are_left_to_their_readers(broken_copy):
    folder = broken_copy("aliases", lambda data: None)
    (folder / "internship.yaml").write_text("anything: [1, 2\n", encoding="utf-8")
    assert load_framework_from(folder).skill_blocks.keys() == {"BC01", "BC02", "BC03"}


def test_an_unknown_framework_is_refused():
    with pytest.raises(FrameworkDataError, match="référentiel inconnu : « bts_xyz »"):
        load_framework("bts_xyz")


@pytest.mark.parametrize("code", ["/etc", "../../..", "bts_ndrc_2018/../..", "x" * 5000])
def test_a_framework_is_one_of_the_installed_list_and_no_path_is_read(code):
    # Issue 10, hole 9: "/etc" was read as a framework folder and a long value failed with
    # "File name too long" (a 500 on the API).
    with pytest.raises(FrameworkDataError) as refused:
        load_framework(code)
    message = str(refused.value)
    assert message.endswith("référentiels installés : bts_ndrc_2018, bts_nrc_2003")
    assert len(message) < 200
