"""The teaching year of the demo population's 2nd-year cohort (session 2027), through the services.

- The centre works in semesters: 2025-2026 and 2026-2027 (ndrc's default dates).
- Five gradebooks: CGE (Isabelle Lemaire), LV1 anglais (David Nguyen), CEJM (Hélène Roux,
  `enseignante`), RCNV and RCAR (Paul Girard, `enseignant`, also the cohort's referent).
- 1st year, semester 1: one assessment per gradebook. Semester 2 (the full semester shown): three
  per gradebook, on 20 and on other scales (a QCM on 10, a case study on 40), with Gabriel Garcia
  absent from one, Camille David exempt from CGE (a trainee holding a higher diploma); every
  teacher's appreciation, the referent's general appreciations, the council of 18 June 2026 with
  its decisions, and the bulletins published.
- 2nd year, semester 1 (in progress): two published assessments per gradebook, and an RCNV
  negotiation of 3 December 2026 not yet published, three marks still to enter.
- RCNV and RCAR assessments assess compétences (BC01, BC03): with the CCF grid and the portfolio
  they give each learner's progress; Lucas Bernard's livret has its first appreciations.
Marks follow a fixed pattern (no randomness): what the tests check is what a newcomer sees.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction

from ndrc.core import services as core_services
from ndrc.core.models import Role
from ndrc.gradebook import services
from ndrc.gradebook.models import Gradebook, Period
from ndrc.learners import services as learner_services

FIRST_DAYS = (date(2025, 9, 1), date(2026, 9, 1))
COUNCIL_DAY = date(2026, 6, 18)
EXEMPT_FROM_CGE = "david"
ABSENT = ("garcia", "Synthèse de documents")

# login, first name, last name, subject assigned (bloc or unit)
TEACHERS = [
    ("lemaire", "Isabelle", "Lemaire", "U1"),
    ("nguyen", "David", "Nguyen", "U2"),
]

# module, teacher login
GRADEBOOKS = [
    ("cge", "lemaire"),
    ("lv1", "nguyen"),
    ("cejm", "enseignante"),
    ("rcnv", "enseignant"),
    ("rcar", "enseignant"),
]

# module → [(title, date, kind, scale, weight, {compétence: level}, published)]
ASSESSMENTS = {
    "cge": [
        ("Résumé de texte", date(2025, 11, 13), "written", 20, 1, {}, True),
        ("Synthèse de documents", date(2026, 3, 12), "written", 20, 2, {}, True),
        ("Écriture personnelle", date(2026, 4, 16), "written", 20, 1, {}, True),
        ("Exposé oral", date(2026, 5, 28), "oral", 20, 1, {}, True),
        ("Synthèse : la relation client", date(2026, 10, 8), "written", 20, 2, {}, True),
        ("Débat argumenté", date(2026, 11, 19), "oral", 20, 1, {}, True),
    ],
    "lv1": [
        ("Compréhension orale", date(2025, 10, 16), "oral", 10, 1, {}, True),
        ("Compréhension écrite", date(2026, 2, 26), "written", 20, 1, {}, True),
        ("QCM vocabulaire commercial", date(2026, 4, 2), "written", 10, 1, {}, True),
        ("Présentation d'entreprise", date(2026, 6, 4), "oral", 20, 2, {}, True),
        ("Customer call role-play", date(2026, 10, 1), "oral", 20, 2, {}, True),
        ("Reading comprehension", date(2026, 11, 26), "written", 20, 1, {}, True),
    ],
    "cejm": [
        ("QCM droit des contrats", date(2025, 12, 4), "written", 10, 1, {}, True),
        ("Analyse de situation d'entreprise", date(2026, 3, 19), "written", 20, 2, {}, True),
        ("QCM économie", date(2026, 4, 23), "written", 10, 1, {}, True),
        ("Étude de cas managériale", date(2026, 6, 11), "written", 40, 2, {}, True),
        ("Analyse économique", date(2026, 10, 15), "written", 20, 2, {}, True),
        ("QCM droit du travail", date(2026, 11, 12), "written", 10, 1, {}, True),
    ],
    "rcnv": [
        (
            "Prospection téléphonique",
            date(2025, 11, 20),
            "oral",
            20,
            1,
            {"BC01-C1": "discovery"},
            True,
        ),
        ("Plan de prospection", date(2026, 3, 5), "written", 20, 1, {"BC01-C1": "practice"}, True),
        ("Négociation filmée", date(2026, 4, 30), "oral", 20, 2, {"BC01-C2": "practice"}, True),
        (
            "Étude de cas : évènement commercial",
            date(2026, 6, 2),
            "written",
            40,
            2,
            {"BC01-C3": "practice"},
            True,
        ),
        (
            "Veille commerciale partagée",
            date(2026, 10, 22),
            "practical",
            20,
            1,
            {"BC01-C4": "practice"},
            True,
        ),
        (
            "Négociation : vente-conseil",
            date(2026, 11, 17),
            "oral",
            20,
            2,
            {"BC01-C2": "mastery"},
            True,
        ),
        (
            "Négociation : traitement des objections",
            date(2026, 12, 3),
            "oral",
            20,
            2,
            {"BC01-C2": "mastery"},
            False,
        ),
    ],
    "rcar": [
        (
            "Merchandising : implantation",
            date(2026, 1, 15),
            "practical",
            20,
            1,
            {"BC03-C1": "discovery"},
            True,
        ),
        (
            "Animation d'un réseau de partenaires",
            date(2026, 5, 7),
            "written",
            20,
            1,
            {"BC03-C2": "practice"},
            True,
        ),
        (
            "Diagnostic d'un réseau de distributeurs",
            date(2026, 6, 9),
            "written",
            20,
            2,
            {"BC03-C1": "practice"},
            True,
        ),
        (
            "Réunion de vente directe",
            date(2026, 11, 24),
            "oral",
            20,
            1,
            {"BC03-C3": "practice"},
            True,
        ),
    ],
}

# Each learner's level, each assessment's difficulty: the mark is their sum, clamped to 0–20 and
# brought to the assessment's scale (in half points).
LEVELS = {
    "bernard": 14,
    "petit": 15.5,
    "robert": 9,
    "richard": 12,
    "durand": 10.5,
    "leroy": 16.5,
    "moreau": 11,
    "simon": 8,
    "michel": 13,
    "garcia": 7.5,
    "david": 13.5,
    "bertrand": 10,
    "roux": 12.5,
    "vincent": 9.5,
    "fournier": 11.5,
}
SHIFTS = (0, 1.5, -1, 2, -2.5, 0.5, -0.5)
NOT_YET_ENTERED = ("vincent", "fournier", "simon")  # the unpublished RCNV assessment


def _mark(key: str, index: int, scale: int) -> str:
    on_20 = min(20, max(0, LEVELS[key] + SHIFTS[(index + len(key)) % len(SHIFTS)]))
    value = round(on_20 * scale / 20 * 2) / 2
    return str(value).replace(".", ",")


def _appreciation(average) -> str:
    if average is None:
        return "Dispensé(e) sur la période."
    if average >= 15:
        return "Excellent semestre : travail rigoureux et participation active. Continuez ainsi."
    if average >= 12:
        return "Bon semestre, résultats solides. Approfondissez l'argumentation."
    if average >= 10:
        return "Résultats corrects mais irréguliers : un travail plus régulier est attendu."
    return "Des difficultés : reprenez les bases avec méthode et n'hésitez pas à solliciter aide."


def _general(average) -> tuple[str, str]:
    if average is None or average < 9:
        return ("Semestre difficile : l'équipe attend un engagement plus constant.", "work_warning")
    if average >= 14:
        return ("Très bon semestre dans toutes les matières : félicitations.", "congratulations")
    if average >= 12:
        return ("Bon semestre, travail sérieux et régulier.", "encouragements")
    return ("Semestre correct ; des progrès à confirmer l’an prochain.", "")


def create_gradebook_demo(population) -> None:
    """Create the demo teaching year once; later calls change nothing."""
    cohort = population.second_year
    if Gradebook.objects.filter(cohort=cohort).exists():
        return
    with transaction.atomic():
        _create(population)


def _create(population) -> None:
    cohort = population.second_year
    centre = population.centre
    manager = population.users["responsable"]
    users = dict(population.users)
    for login, first, last, subject in TEACHERS:
        teacher = core_services.create_user(
            username=login,
            password=None,
            first_name=first,
            last_name=last,
            email=f"{login}@example.fr",
            by=manager,
        )
        core_services.grant_role(
            user=teacher, training_centre=centre, role=Role.TEACHER, by=manager
        )
        learner_services.assign_teacher(teacher=teacher, cohort=cohort, subject=subject, by=manager)
        users[login] = teacher
    learner_services.assign_teacher(
        teacher=users["enseignante"], cohort=cohort, subject="U3", by=manager
    )
    services.save_settings(
        training_centre=centre,
        period_kind="semester",
        share_reports_with_masters=True,
        by=manager,
    )
    for first_day in FIRST_DAYS:
        services.create_school_year(training_centre=centre, first_day=first_day, by=manager)
    services.set_referent(cohort=cohort, teacher=users["enseignant"], by=manager)
    periods = list(Period.objects.filter(training_centre=centre).order_by("start"))
    full_semester = periods[1]

    learners = population.learners
    keys = [key for key in LEVELS if learners[key].cohort_id == cohort.pk]
    for module, login in GRADEBOOKS:
        teacher = users[login]
        gradebook = services.open_gradebook(
            cohort=cohort, module=module, teacher=teacher, by=manager
        )
        for index, (title, day, kind, scale, weight, competences, published) in enumerate(
            ASSESSMENTS[module]
        ):
            assessment = services.create_assessment(
                gradebook=gradebook,
                title=title,
                date=day,
                kind=kind,
                scale=Decimal(scale),
                weight=Decimal(weight),
                competences=competences,
                by=teacher,
            )
            values = []
            for key in keys:
                if not published and key in NOT_YET_ENTERED:
                    continue
                if module == "cge" and key == EXEMPT_FROM_CGE:
                    raw = "disp"
                elif (key, title) == ABSENT:
                    raw = "abs"
                else:
                    raw = _mark(key, index, scale)
                values.append((learners[key], raw))
            services.enter_column(assessment=assessment, values=values, by=teacher)
            if published:
                services.publish_assessment(assessment=assessment, published=True, by=teacher)

    from ndrc.gradebook.selectors import cohort_reports

    reports = cohort_reports(cohort, full_semester)
    for line in reports.lines:
        for key in keys:
            average = line.averages[learners[key].pk].shown
            services.write_appreciation(
                gradebook=line.gradebook,
                learner=learners[key],
                period=full_semester,
                text=_appreciation(average),
                by=line.gradebook.teacher,
            )
    council = services.prepare_council(cohort=cohort, period=full_semester, by=manager)
    services.update_council(
        council=council,
        changes={
            "date": COUNCIL_DAY,
            "chair": "Claire Martin, responsable de formation",
            "attendees": "Paul Girard (référent), Hélène Roux, Isabelle Lemaire, David Nguyen ; "
            "délégués : Emma Petit, Louis Simon",
            "notes": "Classe agréable et investie ; les résultats en culture générale sont à "
            "consolider avant la deuxième année.",
        },
        by=manager,
    )
    referent = users["enseignant"]
    for key in keys:
        text, decision = _general(reports.general[learners[key].pk].shown)
        services.write_report(
            learner=learners[key],
            period=full_semester,
            changes={"general_appreciation": text, "decision": decision or "promoted"},
            by=referent,
        )
    services.publish_reports(council=council, published=True, by=manager)

    bernard = learners["bernard"]
    for unit, text in (
        (
            "U4",
            "Négociateur à l'aise à l'oral, bonne exploitation de son expérience chez Rhône "
            "Distribution.",
        ),
        (
            "U6",
            "Bonne compréhension des réseaux de distributeurs ; animer un réseau de "
            "partenaires reste à travailler.",
        ),
    ):
        services.write_record_appreciation(learner=bernard, unit=unit, text=text, by=referent)
