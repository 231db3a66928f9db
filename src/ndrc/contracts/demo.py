"""The demo's alternance: apprenticeship contracts of the apprentices, internship agreements and
certificates of some students of the demo population (`ndrc.demo`). Idempotent; made through the
services.

Optique Bellecour (18 employees: 3 interns at once) hosts durand, leroy and garcia in January
2026 with the same tutor: a fourth intern there is refused (quota and tutor limit), which is
what the browser test shows. michel stays 9 weeks at Sport Vallée: the stipend is due. garcia
entered with a positioning decision: his internship is reduced to 10 weeks (6 certified so far).
The E4/E6 dossier check reads these certificates and contracts (docs/portfolio.md).
"""

from datetime import date, timedelta
from decimal import Decimal

from ndrc.contracts import services
from ndrc.contracts.models import Contract
from ndrc.portfolio.tasks import one_refresh

# learner, employer, master, start, end, extras
CONTRACTS = [
    ("bernard", "rhone", "laurent", date(2025, 9, 1), date(2027, 8, 31), {}),
    ("petit", "rhone", "laurent", date(2025, 9, 1), date(2027, 8, 31), {}),
    ("robert", "telecom", "perrin", date(2025, 8, 25), date(2027, 8, 24), {}),
    ("richard", "assur", "fabre", date(2025, 9, 1), date(2027, 8, 31),
     {"conventional_minimum": Decimal("1950.00")}),
    ("roux", "assur", "fabre", date(2025, 9, 15), date(2027, 8, 31), {}),
    # A student who signed in January: late entry, the warning was confirmed.
    ("moreau", "telecom", "perrin", date(2026, 1, 5), date(2027, 8, 31), {}),
    ("andre", "rhone", "laurent", date(2026, 9, 1), date(2028, 8, 31), {}),
    ("lefevre", "telecom", "perrin", date(2026, 9, 1), date(2028, 8, 31), {}),
    ("lambert", "assur", "fabre", date(2026, 9, 1), date(2028, 8, 31), {}),
    ("legrand", "telecom", "perrin", date(2026, 9, 1), date(2028, 8, 31), {}),
]  # fmt: skip

# learner, host, tutor, start, end, certificate signed on (None: not yet)
AGREEMENTS = [
    ("durand", "optique", "dubois", date(2026, 1, 12), date(2026, 2, 20), date(2026, 2, 20)),
    ("leroy", "optique", "dubois", date(2026, 1, 12), date(2026, 2, 20), date(2026, 2, 20)),
    ("garcia", "optique", "dubois", date(2026, 1, 12), date(2026, 2, 20), date(2026, 2, 23)),
    ("durand", "assur", "fabre", date(2026, 5, 18), date(2026, 6, 26), date(2026, 6, 26)),
    ("michel", "sport", "chevalier", date(2026, 5, 4), date(2026, 7, 3), date(2026, 7, 3)),
    ("simon", "sport", "chevalier", date(2026, 6, 8), date(2026, 7, 24), None),
    ("morel", "optique", "dubois", date(2027, 1, 11), date(2027, 2, 19), None),
    ("dupont", "sport", "chevalier", date(2027, 1, 11), date(2027, 2, 19), None),
]

CLAUSES = {
    "insurance": "Le stagiaire reste couvert par l'établissement (accidents du travail, article "
    "L. 412-8 du Code de la sécurité sociale) ; l'organisme d'accueil et le stagiaire "
    "justifient d'une assurance responsabilité civile.",
    "objectives_and_schedule": "Découvrir la relation client en situation réelle (blocs 1 à 3) ; "
    "période continue aux dates indiquées, du lundi au vendredi.",
    "followup": "Le tuteur accueille et suit le stagiaire au quotidien ; le professeur référent "
    "prend contact dans la première semaine et visite l'organisme au moins une fois.",
}
ANNEX = {
    "competences": "Cibler et prospecter la clientèle ; négocier et accompagner la relation "
    "client ; animer la relation client digitale.",
    "missions": "Accueil et conseil en magasin, prospection téléphonique, mise à jour du fichier "
    "clients, participation à une opération commerciale.",
    "company_information": "Catalogue, tarifs, fichier clients, outils de gestion de la relation "
    "client, objectifs commerciaux de l'équipe.",
    "material_conditions": "Horaires de l'établissement d'accueil, 35 heures par semaine ; "
    "poste de travail équipé ; frais de déplacement remboursés sur justificatif.",
    "tutoring": "Le tuteur désigné dans la convention, point hebdomadaire avec le stagiaire.",
    "exchanges": "Une visite du professeur référent par période ; en cas de difficulté, le tuteur "
    "appelle le professeur référent ou la direction déléguée.",
    "joint_evaluation": "Bilan tripartite en fin de période (tuteur, professeur, stagiaire) sur "
    "la grille de l'établissement.",
}


def create_demo_alternance(population) -> None:
    """Add the contracts, agreements and certificates to the demo population, once."""
    if Contract.objects.filter(learner__cohort__training_centre=population.centre).exists():
        return
    admin = population.users["admin"]
    with one_refresh():  # one transaction, one refresh of the dossier checks
        for key, employer, master, start, end, extras in CONTRACTS:
            learner = population.learners[key]
            services.create_contract(
                learner=learner,
                kind="apprenticeship",
                employer=population.companies[employer],
                apprenticeship_master=population.contacts[master],
                start=start,
                end=end,
                cycle_start=learner.cohort.first_year_start,
                confirm_warnings=True,
                by=admin,
                **extras,
            )
        for key, host, tutor, start, end, signed_on in AGREEMENTS:
            agreement = services.create_agreement(
                learner=population.learners[key],
                host=population.companies[host],
                tutor=population.contacts[tutor],
                start=start,
                end=end,
                clauses=CLAUSES,
                pedagogical_annex=ANNEX,
                signed_on=start - timedelta(days=14),
                by=admin,
            )
            if signed_on is not None:
                services.record_certificate(
                    agreement=agreement,
                    start=start,
                    end=end,
                    signed_on=signed_on,
                    signatory=population.contacts[tutor].full_name,
                    by=admin,
                )
        services.set_internship_reduction(
            learner=population.learners["garcia"],
            weeks=10,
            reason="positioning",
            decided_on=date(2025, 9, 15),
            note="Décision de positionnement à l'entrée en formation.",
            by=admin,
        )
