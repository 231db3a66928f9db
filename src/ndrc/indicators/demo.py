"""The indicators' part of the demo (`ndrc.demo`): three sessions of indicators from the first day.

- Sessions 2024 and 2025, before the centre used ndrc: their figures recorded by hand; but the
  exam session 2025 was run in ndrc's exams app (the cohort « BTS NDRC 2023-2025 »: 14
  candidates registered, graded, deliberated, signed off and published on 4 July 2025), so its
  pass rates are read from its published results: the GFS brochure's « 13 présentés, 6 reçus »,
  46,15 %.
- Session 2026, the centre's previous cohort, run in ndrc: its 14 learners (apprentices,
  students, continuing-education trainees) and their masters and tutors, the apprentices'
  contracts (one terminated during the first 45 days, one by mutual agreement and followed by a
  new contract), two departures before the end, the satisfaction questionnaires of the learners
  (anonymous) and of the companies, and the six-month survey (answered through the personal link,
  learned by phone, or still unknown). Its candidates are recorded by hand (the academy's
  published results): the demo's exam session 2026 in the exams app, which the exam office is
  still running, is that of the other cohort of 2026 (exams/demo.py).

Idempotent; everything through the services. E-mails go to a backend that sends nothing.
"""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core import mail

from ndrc.companies import services as companies
from ndrc.companies.models import ContactRole
from ndrc.contracts import services as contracts
from ndrc.exams import services as exams
from ndrc.exams.models import GradeSource, SessionState
from ndrc.exams.selectors import slots_of
from ndrc.indicators import services
from ndrc.indicators.models import Invitation, SurveyKind
from ndrc.learners import services as learners
from ndrc.learners.demo import DEMO_ON
from ndrc.learners.models import Cohort
from ndrc.portfolio.tasks import one_refresh

PARIS = ZoneInfo("Europe/Paris")
SESSION = 2026
COHORT = "BTS NDRC 2024-2026"  # the exams' demo has a cohort of session 2026 too
START, END = date(2024, 9, 2), date(2026, 8, 31)
BASE_URL = "http://127.0.0.1:8000/"

# key, first name, last name, birth date, category, master or tutor (companies/demo.py)
LEARNERS = [
    ("muller", "Théo", "Muller", date(2004, 3, 2), "apprenti_habilite", "laurent"),
    ("henry", "Lina", "Henry", date(2004, 5, 19), "apprenti_habilite", "laurent"),
    ("roussel", "Maxime", "Roussel", date(2003, 11, 7), "apprenti_habilite", "perrin"),
    ("nicolas", "Clara", "Nicolas", date(2004, 1, 28), "apprenti_habilite", "perrin"),
    ("mathieu", "Enzo", "Mathieu", date(2004, 8, 14), "apprenti_habilite", "fabre"),
    ("clement", "Jeanne", "Clément", date(2004, 6, 30), "apprenti_habilite", "fabre"),
    ("gauthier", "Victor", "Gauthier", date(2003, 12, 12), "apprenti_habilite", "laurent"),
    ("masson", "Romane", "Masson", date(2004, 2, 9), "apprenti_habilite", "perrin"),
    ("marchand", "Axel", "Marchand", date(2004, 9, 23), "scolaire", "dubois"),
    ("duval", "Agathe", "Duval", date(2004, 4, 4), "scolaire", "chevalier"),
    ("denis", "Marius", "Denis", date(2004, 7, 17), "scolaire", "dubois"),
    ("lemoine", "Eva", "Lemoine", date(2004, 10, 1), "scolaire", "chevalier"),
    ("brun", "Karim", "Brun", date(1996, 5, 11), "fpc_public", None),
    ("colin", "Nadia", "Colin", date(1993, 2, 26), "fpc_public", None),
]
EMPLOYERS = {"laurent": "rhone", "perrin": "telecom", "fabre": "assur"}

# Who left before the end: key, date, reason.
INTERRUPTIONS = [
    ("henry", date(2024, 12, 20), "no_employer"),
    ("denis", date(2025, 2, 14), "dropped_out"),
]
# Six months after: key, situation, employment, related to training, detail, how it was learned.
SITUATIONS = [
    ("muller", "employed", "permanent", True, "Rhône Distribution, attaché commercial", "survey"),
    ("nicolas", "employed", "fixed_term", True, "Agence bancaire, conseillère", "survey"),
    ("mathieu", "further_studies", "", None, "Bachelor responsable du développement", "survey"),
    ("clement", "further_studies", "", None, "Licence professionnelle e-commerce", "survey"),
    ("gauthier", "employed", "permanent", True, "Télécom Saône Services, technico-commercial",
     "survey"),
    ("masson", "seeking", "", None, "", "phone"),
    ("marchand", "further_studies", "", None, "Licence commerce, vente et marketing", "phone"),
    ("brun", "employed", "self_employed", True, "Agent immobilier indépendant", "phone"),
    ("roussel", "further_studies", "", None, "Bachelor en alternance", "phone"),
    ("colin", "employed", "fixed_term", False, "Grande surface, cheffe de rayon", "phone"),
]  # fmt: skip
# duval and lemoine have not answered: their situation is unknown.

# The satisfaction questionnaires: the overall level (1 to 4) each respondent gave.
LEARNER_LEVELS = {
    "muller": 4, "nicolas": 3, "mathieu": 4, "clement": 3, "gauthier": 4, "masson": 2,
    "marchand": 3, "duval": 4, "brun": 1, "colin": 3,
}  # fmt: skip
COMPANY_LEVELS = {"laurent": 4, "perrin": 3, "fabre": 2, "dubois": 4}

# The years before ndrc (and the 2026 exam session), by status: counts of StatusFigures.
RECORDED = {
    2024: {
        "note": "Résultats publiés par l'académie, registre des contrats et enquête du centre.",
        "companies": (10, 8),
        "statuses": {
            "apprentice": dict(
                candidates_present=10, candidates_admitted=9, enrolled=11, interrupted=1,
                leavers_employed=5, leavers_further_studies=4, leavers_seeking=1,
                contracts_concluded=12, contracts_terminated=1, contracts_terminated_trial=1,
                learners_answered=9, learners_satisfied=8,
            ),
            "student": dict(
                candidates_present=5, candidates_admitted=4, candidates_absent=1, enrolled=6,
                leavers_employed=1, leavers_further_studies=3, leavers_unknown=2,
                learners_answered=5, learners_satisfied=4,
            ),
            "continuing_education": dict(
                candidates_present=1, candidates_admitted=1, enrolled=1, leavers_employed=1,
                learners_answered=1, learners_satisfied=1,
            ),
        },
    },
    2025: {
        "note": "Registre des contrats et enquête du centre (les résultats de l'examen sont "
        "ceux de la session 2025, publiée dans ndrc).",
        "companies": (9, 7),
        "statuses": {
            "apprentice": dict(
                enrolled=10, interrupted=1,
                leavers_employed=4, leavers_further_studies=3, leavers_seeking=1,
                leavers_unknown=1, contracts_concluded=11, contracts_terminated=2,
                contracts_terminated_trial=1, learners_answered=8, learners_satisfied=6,
            ),
            "student": dict(
                enrolled=4, leavers_employed=1, leavers_further_studies=2, leavers_seeking=1,
                learners_answered=4, learners_satisfied=3,
            ),
            "continuing_education": dict(
                enrolled=1, leavers_seeking=1,
                learners_answered=1, learners_satisfied=1,
            ),
        },
    },
    SESSION: {
        "note": "Session 2026 : résultats publiés par l'académie (la session d'examen n'était "
        "pas encore gérée dans ndrc).",
        "companies": (0, 0),
        "statuses": {
            "apprentice": dict(candidates_present=7, candidates_admitted=6),
            "student": dict(candidates_present=2, candidates_admitted=2, candidates_absent=1),
            "continuing_education": dict(candidates_present=2, candidates_admitted=1),
        },
    },
}  # fmt: skip


# The exam session 2025, run in ndrc: key, first name, last name, birth date, category, the
# grade of every unit (12: admitted; 6: failed, below 8 so without épreuves de contrôle; absent).
CANDIDATES_2025 = [
    ("lefebvre", "Camille", "Lefebvre", date(2003, 2, 11), "apprenti_habilite", 12),
    ("morel", "Lucas", "Morel", date(2003, 5, 3), "apprenti_habilite", 12),
    ("girard", "Manon", "Girard", date(2002, 12, 24), "apprenti_habilite", 12),
    ("andre", "Nathan", "André", date(2003, 7, 8), "apprenti_habilite", 12),
    ("mercier", "Louise", "Mercier", date(2003, 3, 30), "apprenti_habilite", 6),
    ("blanc", "Hugo", "Blanc", date(2003, 9, 15), "apprenti_habilite", 6),
    ("guerin", "Chloé", "Guérin", date(2003, 1, 6), "apprenti_habilite", 6),
    ("boyer", "Adam", "Boyer", date(2002, 11, 19), "apprenti_habilite", 6),
    ("garnier", "Inès", "Garnier", date(2003, 6, 27), "apprenti_habilite", 6),
    ("chevalier", "Jules", "Chevalier", date(2003, 4, 2), "scolaire", 12),
    ("francois", "Léa", "François", date(2003, 8, 21), "scolaire", 12),
    ("legrand", "Tom", "Legrand", date(2003, 10, 12), "scolaire", 6),
    ("gauthier", "Zoé", "Gauthier", date(2003, 2, 5), "scolaire", "absent"),
    ("perrot", "Samir", "Perrot", date(1991, 9, 9), "fpc_public", 6),
]
START_2025 = date(2023, 9, 4)


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=PARIS)


def create_demo_indicators(population) -> None:
    """Add the three sessions of indicators to the demo population, once."""
    centre, admin = population.centre, population.users["admin"]
    if Cohort.objects.filter(training_centre=centre, name=COHORT).exists():
        return
    with one_refresh():  # one transaction, one refresh of the dossier checks
        cohort = learners.create_cohort(
            training_centre=centre,
            name=COHORT,
            first_year_start=START,
            exam_session=SESSION,
            by=admin,
        )
        people = _learners(cohort, population, admin)
        _contracts(people, population, admin)
        for key, left_on, reason in INTERRUPTIONS:
            services.record_interruption(
                learner=people[key], left_on=left_on, reason=reason, by=admin
            )
        _satisfaction(centre, people, population, admin)
        _six_months(centre, people, admin)
        _exam_session_2025(population, admin)
        for year, figures in RECORDED.items():
            answered, satisfied = figures["companies"]
            services.save_year_figures(
                centre=centre,
                year=year,
                statuses=figures["statuses"],
                companies_answered=answered,
                companies_satisfied=satisfied,
                note=figures["note"],
                recorded_at=_at(DEMO_ON),
                by=admin,
            )


def _former_learners(cohort, rows, *, on, by) -> list:
    """Learners of a past cohort (each row: key, first and last names, birth date, category and
    contact fields), enrolled at once, reached at the address they gave on leaving."""
    given = [
        {"first_name": first, "last_name": last, "birth_date": birth, "category": category,
         "email": f"{key}.{first.lower()[:1]}@anciens.example.fr", **contact}
        for key, first, last, birth, category, contact in rows
    ]  # fmt: skip
    return learners.create_learners(cohort=cohort, learners=given, on=on, by=by)


def _learners(cohort, population, admin) -> dict:
    rows = [
        (key, first, last, birth, category,
         {"phone": f"06 98 76 54 {index:02d}", "city": "Lyon", "postal_code": "69003"})
        for index, (key, first, last, birth, category, _supervisor) in enumerate(LEARNERS, 1)
    ]  # fmt: skip
    created = _former_learners(cohort, rows, on=DEMO_ON, by=admin)
    people = {}
    for learner, (key, _first, _last, _birth, category, supervisor) in zip(
        created, LEARNERS, strict=True
    ):
        people[key] = learner
        if supervisor is None:
            continue
        supervision = companies.start_supervision(
            learner=learner,
            contact=population.contacts[supervisor],
            role=ContactRole.APPRENTICESHIP_MASTER
            if category.startswith("apprenti")
            else ContactRole.INTERNSHIP_TUTOR,
            start=START,
            by=admin,
        )
        left = dict((k, d) for k, d, _reason in INTERRUPTIONS).get(key)
        companies.end_supervision(supervision=supervision, end=left or END, by=admin)
    return people


def _contracts(people, population, admin) -> None:
    for key, _first, _last, _birth, category, master in LEARNERS:
        if not category.startswith("apprenti"):
            continue
        contract = contracts.create_contract(
            learner=people[key],
            kind="apprenticeship",
            employer=population.companies[EMPLOYERS[master]],
            apprenticeship_master=population.contacts[master],
            start=START,
            end=END,
            cycle_start=START,
            confirm_warnings=True,
            by=admin,
        )
        if key == "henry":  # ended by the employer within the first 45 days in the company
            contracts.terminate_contract(
                contract=contract, on=date(2024, 10, 4), cause="trial_period", by=admin
            )
        elif key == "roussel":  # ended by mutual agreement, then a new employer
            contracts.terminate_contract(
                contract=contract, on=date(2025, 6, 30), cause="mutual_agreement", by=admin
            )
            contracts.create_contract(
                learner=people[key],
                kind="apprenticeship",
                employer=population.companies["assur"],
                apprenticeship_master=population.contacts["fabre"],
                start=date(2025, 9, 1),
                end=END,
                cycle_start=START,
                confirm_warnings=True,
                by=admin,
            )


def _send(survey, now, admin) -> dict:
    services.send_survey(
        survey=survey,
        base_url=BASE_URL,
        now=now,
        by=admin,
        connection=mail.get_connection("django.core.mail.backends.dummy.EmailBackend"),
    )
    return {(i.learner_id, i.contact_id): i for i in Invitation.objects.filter(survey=survey)}


def _satisfaction(centre, people, population, admin) -> None:
    opened = date(2026, 5, 18)
    for kind, title, anonymous, levels in (
        (SurveyKind.LEARNERS, "Votre avis sur la formation (session 2026)", True, LEARNER_LEVELS),
        (
            SurveyKind.COMPANIES,
            "Votre avis d'entreprise d'accueil (session 2026)",
            False,
            COMPANY_LEVELS,
        ),
    ):
        survey = services.create_survey(
            centre=centre,
            kind=kind,
            year=SESSION,
            title=title,
            anonymous=anonymous,
            closes_on=date(2026, 6, 19),
            cohort=None,
            created_at=_at(opened, 9),
            by=admin,
        )
        invitations = _send(survey, _at(opened), admin)
        overall = survey.questions.get(overall=True)
        for key, level in levels.items():
            who = (
                (people[key].pk, None)
                if kind == SurveyKind.LEARNERS
                else (None, population.contacts[key].pk)
            )
            services.answer_questionnaire(
                invitation=invitations[who], answers={overall.pk: level}, now=_at(opened, 18)
            )


def _six_months(centre, people, admin) -> None:
    sent = date(2026, 12, 1)
    survey = services.create_survey(
        centre=centre,
        kind=SurveyKind.SIX_MONTHS,
        year=SESSION,
        title="Votre situation six mois après le BTS (session 2026)",
        anonymous=False,
        closes_on=date(2027, 1, 31),
        cohort=None,
        created_at=_at(sent, 9),
        by=admin,
    )
    invitations = _send(survey, _at(sent), admin)
    for key, situation, employment, related, detail, how in SITUATIONS:
        if how == "survey":
            services.answer_six_months(
                invitation=invitations[(people[key].pk, None)],
                situation=situation,
                employment=employment,
                related_to_training=related,
                detail=detail,
                now=_at(date(2026, 12, 3), 20),
            )
        else:
            services.record_situation(
                learner=people[key],
                situation=situation,
                employment=employment,
                related_to_training=related,
                detail=detail,
                source=how,
                observed_on=date(2026, 12, 4),
                by=admin,
            )


def _exam_session_2025(population, admin) -> None:
    """The cohort of session 2025 and its exam session, run to the publication of its results
    through the exams app's services, as the exam office did."""
    office = population.users["examens"]
    cohort = learners.create_cohort(
        training_centre=population.centre,
        name="BTS NDRC 2023-2025",
        first_year_start=START_2025,
        exam_session=2025,
        by=admin,
    )
    rows = [(key, first, last, birth, category, {}) for key, first, last, birth, category, _grade
            in CANDIDATES_2025]  # fmt: skip
    created = _former_learners(cohort, rows, on=START_2025, by=admin)
    grades = {learner.pk: row[-1] for learner, row in zip(created, CANDIDATES_2025, strict=True)}
    session = exams.create_session(
        training_centre=population.centre,
        year=2025,
        registration_deadline=date(2024, 11, 29),
        president=office,
        by=office,
    )
    registration = exams.RegistrationInput(
        units=("U1", "U2", "U3", "U4", "U5", "U6"), lv1="anglais"
    )
    exams.register_cohort(
        session=session,
        lines=[(learner, registration) for learner in cohort.learners.all()],
        on=date(2024, 11, 15),
        by=office,
    )
    exams.change_state(session=session, to=SessionState.REGISTRATION_CLOSED, by=office)
    exams.change_state(session=session, to=SessionState.GRADING, by=office)
    typed = [
        exams.GradeInput(
            r,
            slot.unit,
            slot.part,
            Decimal(grades[r.learner_id]) if grades[r.learner_id] != "absent" else "absent",
            r.number,
        )
        for r in session.registrations.all()
        for slot in slots_of(list(r.units))
    ]
    exams.set_grades(session=session, grades=typed, source=GradeSource.TYPED, by=office)
    exams.change_state(session=session, to=SessionState.JURY, by=office)
    exams.deliberate_session(session=session, by=office)
    exams.sign_off(session=session, by=office)
    exams.publish(session=session, at=_at(date(2025, 7, 4)), by=office)
