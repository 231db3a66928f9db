"""Demo activity sheets and deadlines for the 2nd-year cohort of the demo population.

Called by `ndrc demo` (`ndrc.demo`) on the demo population; idempotent. The proofs of practice
(internship certificates, apprenticeship contracts) are the alternance demo's
(`contracts/demo.py`): the dossier check reads them there. What it shows: Lucas Bernard (login
`apprenant`, apprentice at Rhône Distribution, whose contract copy is his proof) has an E4
negotiation sheet validated and attested by Sophie Laurent (`maitre`), an E4 event sheet waiting
for his teacher (`enseignant`), an E6 distributors sheet validated; Nathan Durand (student,
tutor Marc Dubois, `tuteur`) has both E4 sheets validated but only 12 weeks of internship
certificates (two periods of 6): his dossier is at risk (NV) on the conformity page; Léa Leroy
has a draft.
"""

from datetime import date

from ndrc.portfolio import services
from ndrc.portfolio.models import ActivitySheet
from ndrc.portfolio.tasks import one_refresh

# Set by the academic authority each year; demo values.
DEADLINES = {"E4": date(2027, 3, 31), "E6": date(2027, 3, 31)}


def create_portfolio_demo(population) -> None:
    """Add the demo sheets once; later calls change nothing."""
    if ActivitySheet.objects.filter(learner__cohort=population.second_year).exists():
        return
    with one_refresh():  # one transaction, one refresh of the dossier checks
        _create(population)


def _sheet(learner, by, *, tags, **fields):
    sheet = services.create_sheet(learner=learner, by=by, **fields)
    services.set_tags(sheet=sheet, tags=tags, by=by)
    return sheet


def _create(population) -> None:
    users, learners, companies = population.users, population.learners, population.companies
    admin, teacher = users["admin"], users["enseignant"]
    cohort = population.second_year
    for exam, deadline in DEADLINES.items():
        services.set_dossier_deadline(cohort=cohort, exam=exam, deadline=deadline, by=admin)

    bernard, apprentice = learners["bernard"], users["apprenant"]
    negotiation = _sheet(
        bernard,
        apprentice,
        exam="E4",
        title="Référencement de la gamme bio auprès d'un caviste indépendant",
        start=date(2026, 3, 2),
        end=date(2026, 4, 10),
        company=companies["rhone"],
        nature="negotiation",
        context="Rhône Distribution lance une gamme de vins bio ; je suis chargé de la placer "
        "auprès de cavistes indépendants du 6e arrondissement.",
        upstream_analysis="Ciblage de 25 cavistes à partir du fichier clients et de Google "
        "Maps ; qualification par téléphone ; 8 rendez-vous obtenus.",
        information_analysis="Veille sur le marché du vin bio (+12\u00a0% en un an), fiches "
        "prospects partagées dans le CRM de l'équipe.",
        reflective_analysis="La reformulation des objections sur le prix a été décisive ; je "
        "dois mieux préparer mes arguments chiffrés.",
        tags={
            "BC01-C1-S1-PC1": "performed",
            "BC01-C1-S2-PC1": "performed",
            "BC01-C2-S1-PC1": "performed",
            "BC01-C2-S1-PC2": "performed",
            "BC01-C4-S1-PC1": "observed",
        },
    )
    services.submit_sheet(sheet=negotiation, on=date(2026, 4, 15), by=apprentice)
    services.validate_sheet(
        sheet=negotiation,
        on=date(2026, 4, 20),
        comment="Analyse réflexive précise. Chiffrez davantage la proposition commerciale.",
        by=teacher,
    )
    services.attest_sheet(sheet=negotiation, on=date(2026, 4, 22), by=users["maitre"])

    event = _sheet(
        bernard,
        apprentice,
        exam="E4",
        title="Dégustation des nouveautés de printemps en magasin",
        start=date(2026, 5, 16),
        end=date(2026, 5, 16),
        company=companies["rhone"],
        nature="event",
        context="Animation d'un samedi de dégustation dans le magasin de Perrache.",
        upstream_analysis="Invitation des 300 clients fidèles par courriel et SMS.",
        information_analysis="Questionnaire de satisfaction remis à 60 participants.",
        reflective_analysis="Le budget a été tenu ; la communication aurait dû commencer plus tôt.",
        tags={"BC01-C3-S1-PC1": "performed", "BC01-C3-S2-PC1": "performed"},
    )
    services.submit_sheet(sheet=event, on=date(2026, 6, 1), by=apprentice)

    network = _sheet(
        bernard,
        apprentice,
        exam="E6",
        title="Implantation de la gamme bio chez trois franchisés",
        start=date(2026, 6, 8),
        end=date(2026, 6, 26),
        company=companies["rhone"],
        network_type="distributors",
        real_network_experience=True,
        context="Réseau de 14 magasins franchisés de la région lyonnaise.",
        diagnosis="Linéaire bio sous-exploité, ruptures fréquentes.",
        actions="Plan d'implantation, formation des vendeurs, PLV.",
        methods="Planogramme, tableau de suivi des ventes hebdomadaires.",
        results="Ventes de la gamme +18\u00a0% en quatre semaines dans les trois magasins.",
        recommendations="Étendre l'opération aux onze autres franchisés en septembre.",
        tags={"BC03-C1-S1-PC1": "performed", "BC03-C1-S2-PC1": "observed"},
    )
    services.submit_sheet(sheet=network, on=date(2026, 7, 1), by=apprentice)
    services.validate_sheet(sheet=network, on=date(2026, 7, 3), by=teacher)

    durand = learners["durand"]
    for nature, title, day, tags in (
        (
            "negotiation",
            "Vente de montures premium à une clientèle d'actifs",
            date(2026, 5, 11),
            {"BC01-C2-S1-PC1": "performed", "BC01-C2-S2-PC1": "performed"},
        ),
        (
            "event",
            "Semaine du dépistage visuel en boutique",
            date(2026, 6, 8),
            {"BC01-C3-S1-PC1": "performed", "BC01-C3-S3-PC1": "observed"},
        ),
    ):
        sheet = _sheet(
            durand,
            admin,
            exam="E4",
            title=title,
            start=day,
            company=companies["optique"],
            nature=nature,
            context="Boutique Optique Bellecour, 18 salariés.",
            upstream_analysis="Fichier clients segmenté par date de dernier achat.",
            information_analysis="Veille sur les prix des concurrents de la presqu'île.",
            reflective_analysis="J'ai appris à conduire un entretien de découverte.",
            tags=tags,
        )
        services.submit_sheet(sheet=sheet, on=day, by=admin)
        services.validate_sheet(sheet=sheet, on=day, by=teacher)
        if nature == "negotiation":
            services.attest_sheet(sheet=sheet, on=day, by=users["tuteur"])

    _sheet(
        learners["leroy"],
        admin,
        exam="E4",
        title="Prospection téléphonique de comités d'entreprise",
        start=date(2026, 6, 1),
        company=companies["optique"],
        nature="negotiation",
        tags={},
    )
