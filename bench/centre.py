"""A training centre of a real size, built through the services (as the pages and imports would):
what `bench/pages.py` measures the pages on.

By default 12 cohorts (six of 1st year, six of 2nd year) and 380 learners: apprentices with their
contracts, students with their internship agreements (and certificates once over), trainees;
about 3,500 activity sheets (drafts, submitted, validated, attested) and 760 CCF situations. The
dates follow the school year of `on`: the 2nd-year cohorts started a year before it. Not the
cheapest case (issue 12): a few 2nd-year contracts end within two months and a few were broken
this month; a third of the apprentices keep a logbook, some left empty; the last three weeks'
attendance sheets are signed, one learner in nine absent without a reason every time (over the
follow-up's threshold); a 2nd-year cohort has its CCF situations still to plan, another its E6.

Each role has a login (password `BENCH_PASSWORD`): `grand-responsable`, `grand-enseignant`
(assigned to two cohorts), `grand-examens`, `grand-apprenant` (an apprentice), `grand-maitre`
(the master of several apprentices), `grand-tuteur` (the tutor of several students).
"""

import itertools
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

BENCH_PASSWORD = "banc-ndrc-2026"  # noqa: S105 (a throw-away database)

FIRST_NAMES = [
    "Théo", "Léa", "Hugo", "Chloé", "Lucas", "Inès", "Jules", "Manon", "Gabriel", "Zoé",
    "Louis", "Jade", "Raphaël", "Louise", "Arthur", "Emma", "Adam", "Lina", "Noé", "Éloïse",
]  # fmt: skip
LAST_NAMES = [
    "Dupré", "Lefèvre", "Bérard", "Mercier", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin",
    "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier",
    "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Masson",
]  # fmt: skip
# The mix of a CFA with a school section: 4 apprentices, 5 students, 1 trainee in 10.
CATEGORIES = ["apprenti_habilite"] * 4 + ["scolaire"] * 5 + ["fpc_public_ccf"]
COMPANY_COUNT = 61  # prime to the 12 cohorts: a company hosts learners of several cohorts


UAI = "0693000L"


@dataclass
class Centre:
    centre: Any
    cohorts: list = field(default_factory=list)
    learners: list = field(default_factory=list)
    users: dict = field(default_factory=dict)

    def summary(self) -> str:
        from ndrc.assessments.models import AssessmentSituation
        from ndrc.contracts.models import Contract, InternshipAgreement
        from ndrc.portfolio.models import ActivitySheet

        of_centre = {"learner__cohort__training_centre": self.centre}
        counts = (
            len(self.cohorts),
            len(self.learners),
            Contract.objects.filter(**of_centre).count(),
            InternshipAgreement.objects.filter(**of_centre).count(),
            ActivitySheet.objects.filter(**of_centre).count(),
            AssessmentSituation.objects.filter(**of_centre).count(),
        )
        return (
            "{} cohorts, {} learners, {} contracts, {} internship agreements, "
            "{} activity sheets, {} CCF situations".format(*counts)
        )


def load_centre() -> Centre | None:
    """The centre built before in this database, or None."""
    from django.contrib.auth import get_user_model

    from ndrc.core.models import TrainingCentre
    from ndrc.learners.models import Cohort, Learner

    centre = TrainingCentre.objects.filter(uai=UAI).first()
    if centre is None:
        return None
    users = get_user_model().objects.filter(username__startswith="grand-")
    return Centre(
        centre,
        list(Cohort.objects.filter(training_centre=centre).order_by("pk")),
        list(Learner.objects.filter(cohort__training_centre=centre).order_by("pk")),
        {user.username: user for user in users},
    )


def siret(n: int) -> str:
    """A SIRET with a valid Luhn key: 13 digits, then the key digit."""
    body = f"{500000000 + n:09d}{1:04d}"
    for key in range(10):
        digits = [int(c) for c in body + str(key)]
        total = sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2)
                    for i, d in enumerate(reversed(digits)))  # fmt: skip
        if total % 10 == 0:
            return body + str(key)
    raise AssertionError(body)


def build_centre(
    *, on: date, cohorts: int = 12, learners: int = 380, sheets_per_learner: int = 9
) -> Centre:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from ndrc.assessments import services as assessments
    from ndrc.companies import services as companies
    from ndrc.contracts import services as contracts
    from ndrc.contracts.demo import ANNEX, CLAUSES
    from ndrc.core import services as core
    from ndrc.core.models import Role
    from ndrc.learners import services as records
    from ndrc.portfolio import services as portfolio

    User = get_user_model()
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    if admin is None:
        admin = User.objects.create_superuser(username="grand-admin", password=BENCH_PASSWORD)
    year = on.year if on.month >= 9 else on.year - 1
    first_start, second_start = date(year, 9, 1), date(year - 1, 9, 1)
    built = Centre(
        core.create_training_centre(
            name="CFA du Grand Lyon — BTS NDRC", uai=UAI, siret=siret(999), by=admin
        )
    )
    for login, first, last, role in (
        ("grand-responsable", "Claire", "Vasseur", Role.TRAINING_MANAGER),
        ("grand-enseignant", "Paul", "Deschamps", Role.TEACHER),
        ("grand-examens", "Bruno", "Lemaire", Role.EXAM_OFFICE),
        ("grand-apprenant", "", "", Role.LEARNER),
        ("grand-maitre", "Sophie", "Carré", Role.APPRENTICESHIP_MASTER),
        ("grand-tuteur", "Marc", "Hamon", Role.INTERNSHIP_TUTOR),
    ):
        user = core.create_user(
            username=login, password=None, first_name=first, last_name=last, by=admin
        )
        core.grant_role(user=user, training_centre=built.centre, role=role, by=admin)
        built.users[login] = user
    User.objects.filter(username__startswith="grand-").update(
        password=make_password(BENCH_PASSWORD)
    )

    for n in range(cohorts):
        second = n % 2 == 0
        start = second_start if second else first_start
        built.cohorts.append(
            records.create_cohort(
                training_centre=built.centre,
                name=f"BTS NDRC {'2e' if second else '1re'} année {chr(ord('A') + n // 2)}",
                first_year_start=start,
                exam_session=start.year + 2,
                by=admin,
            )
        )
    for cohort, subject in itertools.product(built.cohorts[:2], ("BC01", "BC03")):
        records.assign_teacher(
            teacher=built.users["grand-enseignant"], cohort=cohort, subject=subject, by=admin
        )
    for cohort in built.cohorts:
        if cohort.first_year_start == second_start:
            for exam in ("E4", "E6"):
                portfolio.set_dossier_deadline(
                    cohort=cohort, exam=exam, deadline=date(year + 1, 3, 31), by=admin
                )

    hosts = []
    for n in range(COMPANY_COUNT):
        company = companies.create_company(
            name=f"Entreprise {LAST_NAMES[n % len(LAST_NAMES)]} {n}",
            siret=siret(n),
            headcount=200,
            city="Lyon",
            postal_code="69003",
            by=admin,
        )
        master = companies.create_contact(
            company=company, first_name="Maître", last_name=f"N° {n}",
            is_apprenticeship_master=True, by=admin,
            user=built.users["grand-maitre"] if n == 0 else None,
        )  # fmt: skip
        tutor = companies.create_contact(
            company=company, first_name="Tuteur", last_name=f"N° {n}", is_internship_tutor=True,
            by=admin, user=built.users["grand-tuteur"] if n == 1 else None,
        )  # fmt: skip
        hosts.append((company, master, tutor))

    names = itertools.product(LAST_NAMES, FIRST_NAMES)
    apprentices: list = []  # (n, learner, contract)
    for n in range(learners):
        cohort = built.cohorts[n % cohorts]
        last, first = next(names)
        category = CATEGORIES[n % len(CATEGORIES)]
        born = date(cohort.first_year_start.year - 19, 1 + n % 12, 1 + n % 28)
        learner = records.create_learner(
            cohort=cohort,
            first_name=first,
            last_name=last,
            birth_date=born,
            category=category,
            email=f"apprenant{n}@exemple.fr",
            on=on,
            by=admin,
            user=built.users["grand-apprenant"] if n == 0 else None,
        )
        built.learners.append(learner)
        company, master, tutor = hosts[n % COMPANY_COUNT]
        start = cohort.first_year_start
        if category == "apprenti_habilite":
            # Some 2nd-year contracts end within two months, before the exams.
            ending = start == second_start and n % 40 == 10
            contract = contracts.create_contract(
                learner=learner,
                kind="apprenticeship",
                employer=company,
                apprenticeship_master=master,
                start=start,
                end=on + timedelta(days=20 + n % 30) if ending else date(start.year + 2, 8, 31),
                cycle_start=start,
                confirm_warnings=True,
                by=admin,
            )
            apprentices.append((n, learner, contract))
            if not learner.supervisions.exists():  # before contracts made their supervision
                companies.start_supervision(
                    learner=learner, contact=master, role="apprenticeship_master", start=start,
                    end=date(start.year + 2, 8, 31), by=admin,
                )  # fmt: skip
        elif category == "scolaire":
            # Each cohort its own weeks, so that no tutor has more than three interns at once.
            first_day = date(start.year + 1, 1, 5) + timedelta(weeks=2 * (n % cohorts))
            first_day -= timedelta(days=first_day.weekday())
            agreement = contracts.create_agreement(
                learner=learner,
                host=company,
                tutor=tutor,
                start=first_day,
                end=first_day + timedelta(days=32),
                clauses=CLAUSES,
                pedagogical_annex=ANNEX,
                signed_on=first_day - timedelta(days=14),
                by=admin,
            )
            if agreement.end < on:
                contracts.record_certificate(
                    agreement=agreement,
                    start=agreement.start,
                    end=agreement.end,
                    signed_on=agreement.end,
                    signatory=tutor.full_name,
                    by=admin,
                )
            if not learner.supervisions.exists():
                companies.start_supervision(
                    learner=learner, contact=tutor, role="internship_tutor", start=agreement.start,
                    end=agreement.end, by=admin,
                )  # fmt: skip
        _sheets(portfolio, learner, company, admin, count=sheets_per_learner, on=on)

    for index, cohort in enumerate(built.cohorts):
        second = cohort.first_year_start == second_start
        plan = [("E4", "A", date(year, 11, 17)), ("E4", "B", date(year + 1, 1, 12))]
        if second:
            plan += [("E6", "A", date(year + 1, 3, 2)), ("E6", "B", date(year + 1, 3, 16))]
        else:
            plan = plan[:1]
        if index == len(built.cohorts) - 2:
            plan = []  # a 2nd-year cohort whose situations are still to plan
        elif index == len(built.cohorts) - 4:
            plan = plan[:2]  # and one whose E6 situations are
        teacher = built.users["grand-enseignant"]
        for exam, code, day in plan:
            assessments.plan_for_cohort(
                cohort=cohort, exam=exam, situation=code, date=day, place="Salle 12",
                members=[teacher] if cohort in built.cohorts[:2] else [], by=admin,
            )  # fmt: skip
    _followup(built, apprentices, admin, on=on, second_start=second_start)
    return built


def _followup(built: Centre, apprentices: list, admin, *, on: date, second_start: date) -> None:
    """What puts learners at risk, as at a real centre: a few contracts broken this month,
    logbooks (a third of the apprentices), some left empty, and three weeks of signed
    attendance sheets in which some learners are often absent without a reason."""
    from django.utils import timezone

    from ndrc.attendance import services as attendance
    from ndrc.contracts import services as contracts
    from ndrc.core import services as core
    from ndrc.core.models import Role
    from ndrc.followup import services as followup
    from ndrc.timetable import services as timetable

    for n, _learner, contract in apprentices:
        if contract.start == second_start and n % 40 == 20 and on.day > 1:
            contracts.terminate_contract(
                contract=contract, on=on.replace(day=1), cause="mutual_agreement", by=admin
            )
    for n, _learner, contract in apprentices:
        if n % 3:
            continue
        contract.refresh_from_db()
        logbook = followup.open_logbook(contract=contract, on=contract.start, by=admin)
        if n % 12 == 0:
            continue  # left empty
        for period in logbook.periods.filter(end__lt=on).order_by("start"):
            followup.add_entry(
                logbook=logbook, day=period.start, title="Prospection", on=on,
                activities=["P1-A1"], by=admin,
            )  # fmt: skip

    monday = on - timedelta(days=on.weekday() + 21)  # three weeks ago
    for index, cohort in enumerate(built.cohorts):
        teacher = core.create_user(
            username=f"grand-prof-{index}", password=None, first_name="Prof",
            last_name=f"N° {index}", by=admin,
        )  # fmt: skip
        core.grant_role(user=teacher, training_centre=built.centre, role=Role.TEACHER, by=admin)
        start = cohort.first_year_start
        timetable.save_calendar(
            cohort=cohort,
            values={"start": start, "end": date(start.year + 2, 6, 30), "department": "69",
                    "school_holiday_zone": "A", "close_in_school_holidays": False},
            by=admin,
        )  # fmt: skip
        learners = [learner for learner in built.learners if learner.cohort_id == cohort.pk]
        for week in range(3):
            for day, half_day, module in ((0, "am", "rcnv"), (0, "pm", "rcdd"), (1, "am", "cejm")):
                session = timetable.plan_session(
                    cohort=cohort, date=monday + timedelta(weeks=week, days=day),
                    half_day=half_day, module=module, teacher=teacher, by=admin,
                )  # fmt: skip
                # One learner in nine absent every time, one in nine once.
                absent = {
                    learner.pk
                    for position, learner in enumerate(learners)
                    if position % 9 == 0 or (position % 9 == 1 and week == day == 0)
                }
                attendance.record_paper_sheet(
                    session=session,
                    statuses={
                        learner.pk: "absent_unjustified" if learner.pk in absent else "present"
                        for learner in learners
                    },
                    reason="Feuille papier",
                    by=admin,
                    at=timezone.make_aware(
                        datetime.combine(session.date, datetime.min.time()).replace(hour=12)
                    ),
                )


def _sheets(portfolio, learner, company, admin, *, count: int, on: date) -> None:
    """`count` sheets of the learner: half E4, half E6; most validated."""
    tags = {"BC01-C1-S1-PC1": "performed", "BC01-C2-S1-PC1": "performed"}
    network_tags = {"BC03-C1-S1-PC1": "performed"}
    natures = ["negotiation", "event"]
    networks = ["distributors", "partners", "direct_sales"]
    for n in range(count):
        e4 = n % 2 == 0
        fields = (
            {"nature": natures[n % 2], "context": "Contexte.", "upstream_analysis": "Ciblage.",
             "information_analysis": "Veille.", "reflective_analysis": "Bilan."}
            if e4
            else {"network_type": networks[n % 3], "real_network_experience": True,
                  "context": "Réseau.", "diagnosis": "Diagnostic.", "actions": "Actions.",
                  "methods": "Méthodes.", "results": "Résultats.", "recommendations": "Suite."}
        )  # fmt: skip
        sheet = portfolio.create_sheet(
            learner=learner,
            exam="E4" if e4 else "E6",
            title=f"Activité n° {n + 1}",
            start=learner.cohort.first_year_start + timedelta(days=30 + 20 * n),
            company=company,
            by=admin,
            **fields,
        )
        portfolio.set_tags(sheet=sheet, tags=tags if e4 else network_tags, by=admin)
        if n % 5 == 4:
            continue  # a draft
        portfolio.submit_sheet(sheet=sheet, on=on - timedelta(days=10), by=admin)
        if n % 5 == 3:
            continue  # waiting for the teacher
        portfolio.validate_sheet(sheet=sheet, on=on - timedelta(days=5), by=admin)
