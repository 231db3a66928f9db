"""The demo's follow-up in the company (see `ndrc.demo` and `ndrc.contracts.demo`), made
through the services, as things stood on Friday 4 December 2026. Idempotent.

- Referents: Paul Girard (`enseignant`) for the 2nd-year apprentices, Hélène Roux
  (`enseignante`) for the 1st-year ones (Yanis Morin, enrolled by the admissions' demo, too).
- A logbook for every contract. Lucas Bernard's is in progress: written month after month by
  him (`apprenant`), validated by Sophie Laurent (`maitre`) to October 2026, commented by his
  referent to September; November awaits the master, December is being written. Emma Petit has
  written nothing since September 2026: two periods are flagged empty.
- Visits: Lucas Bernard's two of 2025-2026 countersigned, one of November 2026 to countersign;
  Emma Petit's of 24 November 2026 reported a difficulty and a high risk of rupture (she is at
  risk, with both reasons); Inès Moreau's and Louise Lefèvre's November visits were never
  reported (late); Hugo Robert's is planned for 10 December.
- A tripartite meeting of Lucas Bernard on bloc 1, held, awaiting the master's appreciation;
  one of Arthur André planned for 15 December.
"""

from datetime import date, timedelta

from django.db import transaction

from ndrc.assessments.models import Level
from ndrc.contracts.models import Contract
from ndrc.followup import services
from ndrc.followup.models import Logbook, RuptureRisk, VisitMode
from ndrc.regulation.framework import load_framework

DEMO_TODAY = date(2026, 12, 4)
REFERENTS = {
    "enseignant": ("bernard", "petit", "robert", "richard", "roux", "moreau"),
    "enseignante": ("andre", "lefevre", "lambert", "legrand"),
}
# What the apprentices note, in turn: (title, description, activities, competences).
ACTIVITIES = [
    ("Prospection téléphonique de professionnels", "Appels à partir du fichier de l'agence, "
     "qualification des contacts et prise de rendez-vous.", ["P1-A1"], ["BC01-C1"]),
    ("Rendez-vous de vente avec mon maître d'apprentissage", "Préparation de l'argumentaire, "
     "découverte des besoins, reformulation, traitement des objections.", ["P1-A2"], ["BC01-C2"]),
    ("Mise à jour du CRM et relances par courriel", "Saisie des comptes rendus de visite et "
     "campagne de relance des devis en attente.", ["P2-A1"], ["BC02-C1"]),
    ("Animation de la page professionnelle de l'entreprise", "Publication de deux offres et "
     "réponse aux avis clients.", ["P2-A2"], ["BC02-C2"]),
    ("Participation à un salon professionnel", "Accueil sur le stand, recueil de contacts, "
     "bilan de l'opération avec l'équipe.", ["P1-A3"], ["BC01-C3"]),
    ("Animation du réseau de partenaires", "Point mensuel avec deux distributeurs, suivi des "
     "actions de promotion.", ["P3-A1"], ["BC03-C1"]),
]  # fmt: skip
# Up to the end of this month the logbooks are written (Emma Petit: to August 2026).
WRITTEN_UNTIL = date(2026, 11, 30)
PETIT_STOPPED = date(2026, 8, 31)
VALIDATED_UNTIL = date(2026, 10, 31)  # by Sophie Laurent, the only master with a login
COMMENTED_UNTIL = date(2026, 9, 30)


def create_demo_followup(population) -> None:
    """Add the follow-up to the demo population (its contracts must exist), once."""
    if Logbook.objects.filter(learner__cohort__training_centre=population.centre).exists():
        return
    users, learners = population.users, population.learners
    admin = users["admin"]
    with transaction.atomic():
        for login, keys in REFERENTS.items():
            for key in keys:
                services.assign_referent(
                    learner=learners[key],
                    teacher=users[login],
                    since=learners[key].cohort.first_year_start,
                    by=users["responsable"],
                )
        contracts = Contract.objects.filter(
            learner__cohort__training_centre=population.centre
        ).select_related("learner", "learner__cohort", "apprenticeship_master")
        # The other apprentices (those the admissions' demo enrolled): their cohort's referent.
        by_cohort = {
            population.second_year.pk: "enseignant",
            population.first_year.pk: "enseignante",
        }
        named = {learners[key].pk for keys in REFERENTS.values() for key in keys}
        others = {c.learner_id: c.learner for c in contracts if c.learner_id not in named}
        for learner in sorted(others.values(), key=lambda learner: learner.pk):
            if learner.cohort_id in by_cohort:
                services.assign_referent(
                    learner=learner, teacher=users[by_cohort[learner.cohort_id]],
                    since=max(learner.cohort.first_year_start, _contract_start(contracts, learner)),
                    by=users["responsable"],
                )  # fmt: skip
        for contract in contracts:
            logbook = services.open_logbook(contract=contract, on=contract.start, by=admin)
            _write(logbook, learners, users, admin)
        _visits(population)
        _meetings(population)


def _contract_start(contracts, learner) -> date:
    return min(c.start for c in contracts if c.learner_id == learner.pk)


def _write(logbook: Logbook, learners, users, admin) -> None:
    learner = logbook.learner
    writer = users["apprenant"] if learner.user_id == users["apprenant"].pk else admin
    until = PETIT_STOPPED if learner == learners["petit"] else WRITTEN_UNTIL
    master_user = logbook.contract.apprenticeship_master.user
    for index, period in enumerate(logbook.periods.order_by("start")):
        if period.start > until:
            break
        days = (period.start + timedelta(days=3), period.end - timedelta(days=4))
        for n, day in enumerate(days):
            title, text, activities, competences = ACTIVITIES[(index * 2 + n) % len(ACTIVITIES)]
            services.add_entry(
                logbook=logbook, day=min(max(day, period.start), period.end), title=title,
                description=text,
                activities=activities, competences=competences, on=DEMO_TODAY, by=writer,
            )  # fmt: skip
        if master_user is not None and period.end <= VALIDATED_UNTIL:
            services.validate_period(
                period=period,
                appreciation="Période sérieuse : objectifs atteints, bonne autonomie au téléphone.",
                on=period.end + timedelta(days=5),
                by=master_user,
            )
        if learner in (learners["bernard"], learners["petit"]) and period.end <= COMMENTED_UNTIL:
            services.comment_period(
                period=period,
                comment="Activités variées et bien reliées au référentiel ; pensez aux fiches E4.",
                on=period.end + timedelta(days=10),
                by=users["enseignant"],
            )
    if learner == learners["bernard"]:
        services.add_entry(
            logbook=logbook, day=date(2026, 12, 2), title=ACTIVITIES[0][0],
            description=ACTIVITIES[0][1], activities=ACTIVITIES[0][2],
            competences=ACTIVITIES[0][3], on=DEMO_TODAY, by=writer,
        )  # fmt: skip


REPORT = {
    "integration": "Bien intégré à l'équipe commerciale, autonome sur l'accueil.",
    "missions": "Prospection, rendez-vous accompagnés, suivi du CRM : pôles 1 et 2 couverts.",
    "conditions": "Horaires respectés, poste équipé, déplacements avec le maître.",
    "difficulties": "Aucune.",
    "actions": "Préparer une fiche E4 sur la prospection ; point dans deux mois.",
    "rupture": "Aucun signal.",
}
DIFFICULT = {
    "integration": "Relations tendues avec l'équipe depuis la rentrée.",
    "missions": "Cantonnée à la mise en rayon, peu de relation client.",
    "conditions": "Horaires élargis le samedi sans compensation annoncée.",
    "difficulties": "Absences répétées en entreprise ; livret non rempli depuis septembre.",
    "actions": "Entretien avec la responsable de formation ; revoir les missions avec le maître.",
    "rupture": "L'apprentie évoque une rupture d'un commun accord.",
}


def _visit(learner, day, by, *, mode=VisitMode.ON_SITE):
    return services.plan_visit(learner=learner, planned_on=day, mode=mode, by=by)


def _visits(population) -> None:
    learners, users = population.learners, population.users
    paul, helene, master = users["enseignant"], users["enseignante"], users["maitre"]
    for day, countersigned in (
        (date(2025, 11, 18), True),
        (date(2026, 4, 14), True),
        (date(2026, 11, 10), False),
    ):
        visit = _visit(learners["bernard"], day, paul)
        services.report_visit(visit=visit, held_on=day, answers=REPORT, on=DEMO_TODAY, by=paul)
        if countersigned:
            services.countersign_visit(
                visit=visit, on=day + timedelta(days=3), by=master,
                remarks="D'accord avec le compte rendu.",
            )  # fmt: skip
    petit = _visit(learners["petit"], date(2026, 11, 24), paul)
    services.report_visit(
        visit=petit, held_on=date(2026, 11, 24), answers=DIFFICULT, difficulty=True,
        rupture_risk=RuptureRisk.HIGH, on=DEMO_TODAY, by=paul,
    )  # fmt: skip
    _visit(learners["moreau"], date(2026, 11, 19), paul)
    _visit(learners["robert"], date(2026, 12, 10), paul, mode=VisitMode.VIDEO)
    _visit(learners["lefevre"], date(2026, 11, 26), helene)
    andre = _visit(learners["andre"], date(2026, 11, 5), helene)
    services.report_visit(
        visit=andre, held_on=date(2026, 11, 5), answers=REPORT, on=DEMO_TODAY, by=helene
    )
    services.countersign_visit(visit=andre, on=date(2026, 11, 9), by=master)


def _meetings(population) -> None:
    learners, users = population.learners, population.users
    paul = users["enseignant"]
    meeting = services.plan_meeting(
        learner=learners["bernard"], planned_on=date(2026, 11, 10), blocks=["BC01"], by=paul
    )
    levels = [Level.SATISFACTORY, Level.VERY_SATISFACTORY, Level.SATISFACTORY, Level.INSUFFICIENT]
    criteria = load_framework().skill_blocks["BC01"].competences[0].performance_criteria
    criteria += load_framework().skill_blocks["BC01"].competences[1].performance_criteria
    services.record_meeting(
        meeting=meeting,
        held_on=date(2026, 11, 10),
        ratings={c.code: levels[i % len(levels)] for i, c in enumerate(criteria)},
        summary="Prospection maîtrisée ; la négociation gagne à être mieux préparée.",
        on=DEMO_TODAY,
        by=paul,
    )
    services.plan_meeting(
        learner=learners["andre"],
        planned_on=date(2026, 12, 15),
        blocks=["BC01", "BC02"],
        by=users["enseignante"],
    )
