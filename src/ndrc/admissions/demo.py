"""The demo's admissions: the 2026 apprenticeship intake of the demo lycée, in progress at every
stage, made through the services (so the audit trail and the pipeline's moves are real).

- applications from the public form (one not yet confirmed), from Parcoursup, typed by the
  centre; one at each stage, one withdrawn, one refused;
- a Parcoursup line that was the same person as a form application, merged with its trace, and
  a possible duplicate left for the training manager to look at;
- interviews with the proposed grid, a positioning that exempts U1 and U2 (a BTS MCO holder),
  a disability referent (Hélène Roux) and her adaptations for an applicant of 31 with a RQTH;
- companies' offers (two entered by the centre, one posted through the public form and
  published, one still to check), candidates proposed on them and the companies' answers;
- employers' commitments, a signed contract, and one applicant enrolled with a drafted contract.

No e-mail is sent. Two personal links are fixed so that a newcomer can open them:
`/admission/suivi/demo-candidature/` (Lou Perret) and `/admission/entreprise/suivi/
demo-entreprise/` (the offer of Rhône Distribution).
"""

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from ndrc.admissions import company_search, emails, enrolment, services
from ndrc.admissions.models import (
    Application,
    CompanyApplicationStatus,
    Intake,
    InterviewCriterion,
    InterviewDecision,
    Offer,
    Outcome,
    Source,
    Stage,
)
from ndrc.admissions.tokens import digest

PARIS = ZoneInfo("Europe/Paris")
TRAINING_START = date(2026, 9, 1)
DEMO_APPLICANT_TOKEN = "demo-candidature"  # noqa: S105 - a demo link, public on purpose
DEMO_COMPANY_TOKEN = "demo-entreprise"  # noqa: S105
LINK = "http://127.0.0.1:8000/admission/suivi/{token}/"
COMPANY_LINK = "http://127.0.0.1:8000/admission/entreprise/suivi/{token}/"
TITLE = "BTS NDRC en apprentissage — rentrée 2026"


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=PARIS)


def _person(first, last, birth, **extra):
    bare = unicodedata.normalize("NFKD", f"{first}.{last}".lower().replace(" ", ""))
    key = "".join(c for c in bare if not unicodedata.combining(c))
    return {
        "first_name": first,
        "last_name": last,
        "birth_date": birth,
        "email": f"{key}@candidats.example.fr",
        "phone": "06 20 30 40 50",
        "street": "5 rue Garibaldi",
        "postal_code": "69006",
        "city": "Lyon",
        "last_diploma": "Baccalauréat STMG",
        **extra,
    }


@dataclass
class AdmissionsDemo:
    intake: Intake
    applications: dict[str, Application]
    offers: dict[str, Offer]


def create_admissions_demo(population) -> AdmissionsDemo:
    """Create the demo intake once; later calls return it unchanged."""
    existing = Intake.objects.filter(training_centre=population.centre, title=TITLE).first()
    if existing is None:
        with transaction.atomic(), emails.suppressed():
            _create(population)
        existing = Intake.objects.get(training_centre=population.centre, title=TITLE)
    applications = {
        a.email.split("@")[0]: a
        for a in Application.objects.filter(intake=existing).exclude(outcome=Outcome.MERGED)
    }
    offers = {o.position: o for o in Offer.objects.filter(training_centre=population.centre)}
    return AdmissionsDemo(existing, applications, offers)


def _create(population) -> None:
    manager = population.users["responsable"]
    referent = population.users["enseignante"]
    centre = population.centre
    cohort = population.first_year
    services.set_places(cohort=cohort, places=24, by=manager)
    intake = services.create_intake(
        cohort=cohort,
        title=TITLE,
        training_start=TRAINING_START,
        default_category="apprenti_habilite",
        is_open=True,
        by=manager,
        now=at(date(2026, 1, 15)),
    )
    services.install_default_criteria(training_centre=centre, by=manager)
    services.designate_referent(training_centre=centre, user=referent, by=manager)
    criteria = list(
        InterviewCriterion.objects.filter(training_centre=centre).values_list("pk", flat=True)
    )

    def submit(day: date, person: dict, *, confirm: bool = True) -> Application:
        application, _created = services.submit_application(
            intake=intake, fields=person, link=LINK, on=day, now=at(day)
        )
        if confirm:
            services.confirm_email(application=application, now=at(day, 18))
        return application

    def typed(day: date, person: dict, source: str = Source.CENTRE) -> Application:
        return services.create_application(
            intake=intake, source=source, by=manager, on=day, now=at(day), **person
        )

    def move(application: Application, stage: str, day: date, reason: str = "") -> None:
        services.move_application(
            application=application, stage=stage, by=manager, now=at(day, 14), reason=reason
        )

    def interview(application: Application, day: date, decision: str, levels: int) -> None:
        services.record_interview(
            application=application,
            held_on=day,
            levels={pk: (levels, "") for pk in criteria},
            decision=decision,
            reasons="Projet clair, bonne expression orale ; recherche d'entreprise à structurer."
            if decision == InterviewDecision.FAVOURABLE
            else "Motivation réelle, projet encore flou : à revoir après la réunion.",
            by=manager,
            now=at(day, 16),
            on=day,
        )

    def admitted(application: Application, start: date) -> None:
        move(application, Stage.INFORMATION_MEETING, start)
        move(application, Stage.INTERVIEW, start + timedelta(days=5))
        interview(application, start + timedelta(days=7), InterviewDecision.FAVOURABLE, levels=3)
        move(application, Stage.ACCEPTED, start + timedelta(days=8))

    # Offers: two entered by the centre, one posted by a company and published, one to check.
    rhone = company_search.create_offer(
        training_centre=centre,
        company_name="Rhône Distribution",
        siret="41234567000019",
        contact_name="Sophie Laurent",
        contact_email="recrutement@rhone-distribution.example.fr",
        contact_phone="04 78 00 10 01",
        position="Conseiller de vente en magasin",
        description="Accueil, conseil et vente au rayon multimédia ; animations commerciales.",
        city="Lyon",
        postal_code="69002",
        start_date=date(2026, 9, 1),
        link=COMPANY_LINK,
        on=date(2026, 3, 2),
        now=at(date(2026, 3, 2)),
        by=manager,
    )
    telecom = company_search.create_offer(
        training_centre=centre,
        company_name="Télécom Saône Services",
        siret="44455566800011",
        contact_name="Antoine Perrin",
        contact_email="perrin@telecom.example.fr",
        position="Téléconseiller B2B",
        description="Prospection téléphonique et suivi d'un portefeuille de petites entreprises.",
        city="Lyon",
        postal_code="69007",
        start_date=date(2026, 9, 14),
        link=COMPANY_LINK,
        on=date(2026, 3, 9),
        now=at(date(2026, 3, 9)),
        by=manager,
    )
    fournil = company_search.submit_offer(
        training_centre=centre,
        fields={
            "company_name": "Le Fournil des Pentes",
            "siret": "80234567800006",
            "contact_name": "Jean Roussel",
            "contact_email": "contact@fournil.example.fr",
            "contact_phone": "04 72 00 11 22",
            "position": "Vendeur-conseil en boulangerie",
            "description": "Vente, fidélisation, commandes des professionnels du quartier.",
            "city": "Lyon",
            "postal_code": "69001",
            "start_date": date(2026, 9, 14),
        },
        link=COMPANY_LINK,
        on=date(2026, 5, 4),
        now=at(date(2026, 5, 4)),
    )
    company_search.publish_offer(offer=fournil, by=manager)
    company_search.submit_offer(
        training_centre=centre,
        fields={
            "company_name": "Azur Immobilier",
            "siret": "81357924600006",
            "contact_name": "Nora Blanchard",
            "contact_email": "nora.blanchard@azur-immo.example.fr",
            "position": "Chargé de clientèle en agence",
            "description": "Accueil des clients, prise de mandats, suivi des visites.",
            "city": "Villeurbanne",
            "postal_code": "69100",
            "start_date": date(2027, 1, 4),
        },
        link=COMPANY_LINK,
        on=date(2026, 11, 23),
        now=at(date(2026, 11, 23)),
    )

    # Received: a form application not confirmed yet, and one from Parcoursup.
    submit(
        date(2026, 9, 20),
        _person("Inès", "Haddad", date(2008, 2, 11), motivation="Je veux vendre en B2B."),
        confirm=False,
    )
    marchand = _person(
        "Théo", "Marchand", date(2007, 6, 30), parcoursup_number="2026101001", ine="090412399AB"
    )
    typed(date(2026, 6, 2), marchand, Source.PARCOURSUP)
    # The same person again through the form, another address: a possible duplicate to check.
    submit(
        date(2026, 9, 2),
        {**marchand, "email": "theo.m@exemple-perso.example.fr", "parcoursup_number": "",
         "ine": ""},
    )  # fmt: skip

    # Information meeting (the demo's personal link), interview, positioning.
    perret = submit(date(2026, 6, 10), _person("Lou", "Perret", date(2007, 3, 22)))
    Application.objects.filter(pk=perret.pk).update(
        access_token_digest=digest(DEMO_APPLICANT_TOKEN)
    )
    move(perret, Stage.INFORMATION_MEETING, date(2026, 6, 20))
    colin = typed(date(2026, 6, 11), _person("Mathis", "Colin", date(2006, 12, 1)))
    move(colin, Stage.INFORMATION_MEETING, date(2026, 6, 20))
    move(colin, Stage.INTERVIEW, date(2026, 6, 25))
    interview(colin, date(2026, 6, 30), InterviewDecision.RESERVED, levels=2)
    vidal = submit(
        date(2026, 6, 12),
        _person("Clara", "Vidal", date(1999, 4, 17), last_diploma="BTS MCO (2019)"),
    )
    move(vidal, Stage.INFORMATION_MEETING, date(2026, 6, 15))
    move(vidal, Stage.INTERVIEW, date(2026, 6, 22))
    interview(vidal, date(2026, 6, 24), InterviewDecision.FAVOURABLE, levels=4)
    move(vidal, Stage.POSITIONING, date(2026, 6, 25))
    services.decide_positioning(
        application=vidal,
        credited_years=0,
        extra_years=0,
        exempted_units=["U1", "U2"],
        qualifications=["bts"],
        reasons="Titulaire d'un BTS MCO : dispense de culture générale et de langue vivante "
        "(annexe II b) ; parcours complet pour les blocs professionnels.",
        decided_on=date(2026, 6, 26),
        by=manager,
        on=date(2026, 6, 26),
    )

    # Admitted, looking for a company: one proposed on an offer, one with a RQTH (adaptations
    # recorded by the referent), one minor with her guardian.
    caron = submit(date(2026, 5, 12), _person("Nolan", "Caron", date(2007, 9, 9)))
    admitted(caron, date(2026, 5, 20))
    proposal = company_search.propose_candidate(
        application=caron, offer=rhone, by=manager, now=at(date(2026, 6, 1))
    )
    company_search.answer_proposal(
        offer=rhone,
        proposal_id=proposal.pk,
        status=CompanyApplicationStatus.INTERVIEW,
        note="Entretien en magasin le 8 septembre.",
        now=at(date(2026, 9, 2)),
    )
    renaud = submit(
        date(2026, 5, 14),
        _person(
            "Samia",
            "Renaud",
            date(1995, 1, 20),
            last_diploma="Licence d'anglais (2017)",
            has_recognised_disability=True,
            wants_disability_contact=True,
        ),
    )
    admitted(renaud, date(2026, 5, 20))
    services.record_adaptation(
        application=renaud,
        needs="Fatigabilité ; besoin de pauses régulières et d'un poste adapté.",
        training_adaptations="Emploi du temps allégé le vendredi après-midi ; poste ergonomique.",
        exam_accommodation="Tiers-temps aux épreuves écrites et orales ; salle au rez-de-chaussée.",
        extra_time=True,
        by=referent,
        now=at(date(2026, 6, 3)),
    )
    declined = company_search.propose_candidate(
        application=renaud, offer=telecom, by=manager, now=at(date(2026, 6, 5))
    )
    company_search.answer_proposal(
        offer=telecom,
        proposal_id=declined.pk,
        status=CompanyApplicationStatus.DECLINED_BY_COMPANY,
        note="Poste pourvu en interne.",
        now=at(date(2026, 6, 19)),
    )
    company_search.note_company_application(
        application=renaud,
        company_name="Mutuelle des Monts du Lyonnais",
        status=CompanyApplicationStatus.INTERVIEW,
        note="Candidature spontanée, entretien prévu.",
        by=manager,
        now=at(date(2026, 9, 8)),
    )
    gauthier = typed(
        date(2026, 5, 15),
        _person(
            "Léna",
            "Gauthier",
            date(2009, 5, 3),
            guardian_name="Martine Gauthier",
            guardian_email="martine.gauthier@example.fr",
            guardian_phone="06 33 44 55 66",
        ),
    )
    admitted(gauthier, date(2026, 5, 21))

    # Company found, contract signed, enrolled.
    lopez = submit(date(2026, 4, 7), _person("Enzo", "Lopez", date(2007, 1, 28)))
    admitted(lopez, date(2026, 4, 14))
    offered = company_search.propose_candidate(
        application=lopez, offer=telecom, by=manager, now=at(date(2026, 5, 4))
    )
    company_search.answer_proposal(
        offer=telecom,
        proposal_id=offered.pk,
        status=CompanyApplicationStatus.ACCEPTED,
        note="Retenu ; début prévu le 5 octobre.",
        now=at(date(2026, 9, 15)),
    )
    company_search.record_commitment(
        application=lopez,
        company=population.companies["telecom"],
        company_application=offered,
        master=population.contacts["perrin"],
        position="Téléconseiller B2B",
        contract_start=date(2026, 10, 5),
        signatory_name="Antoine Perrin, chef des ventes",
        signed_on=date(2026, 9, 16),
        by=manager,
        now=at(date(2026, 9, 16)),
        on=date(2026, 9, 16),
    )

    fontaine_person = _person(
        "Maëlle", "Fontaine", date(2007, 3, 14), email="maelle.fontaine@example.fr"
    )
    fontaine = submit(date(2026, 3, 3), fontaine_person)
    admitted(fontaine, date(2026, 4, 1))
    # Parcoursup sent her too: the same e-mail, merged into the form application with a trace.
    twin = typed(
        date(2026, 6, 2),
        {**fontaine_person, "parcoursup_number": "4821093", "ine": "090412345AB"},
        Source.PARCOURSUP,
    )
    services.merge_applications(
        survivor=fontaine,
        absorbed=twin,
        matched_on="Parcoursup : même courriel",
        by=manager,
        now=at(date(2026, 6, 2), 11),
    )
    baker = company_search.propose_candidate(
        application=fontaine, offer=fournil, by=manager, now=at(date(2026, 5, 5))
    )
    company_search.answer_proposal(
        offer=fournil,
        proposal_id=baker.pk,
        status=CompanyApplicationStatus.ACCEPTED,
        note="Nous la prenons à partir du 14 septembre.",
        now=at(date(2026, 6, 10)),
    )
    fournil.refresh_from_db()
    company_search.record_commitment(
        application=fontaine,
        company=fournil.company,
        company_application=baker,
        new_master={
            "first_name": "Jean",
            "last_name": "Roussel",
            "email": "contact@fournil.example.fr",
            "job_title": "Gérant",
        },
        position="Vendeur-conseil en boulangerie",
        contract_start=date(2026, 9, 14),
        signatory_name="Jean Roussel, gérant",
        signed_on=date(2026, 6, 12),
        by=manager,
        now=at(date(2026, 6, 12)),
        on=date(2026, 6, 12),
    )
    company_search.record_contract_signed(
        application=fontaine,
        signed_on=date(2026, 9, 10),
        by=manager,
        now=at(date(2026, 9, 10)),
        on=date(2026, 9, 10),
    )

    morin = submit(date(2026, 3, 2), _person("Yanis", "Morin", date(2007, 7, 7)))
    admitted(morin, date(2026, 3, 9))
    chosen = company_search.propose_candidate(
        application=morin, offer=rhone, by=manager, now=at(date(2026, 4, 1))
    )
    company_search.answer_proposal(
        offer=rhone,
        proposal_id=chosen.pk,
        status=CompanyApplicationStatus.ACCEPTED,
        note="Très bon entretien.",
        now=at(date(2026, 4, 20)),
    )
    company_search.record_commitment(
        application=morin,
        company=population.companies["rhone"],
        company_application=chosen,
        master=population.contacts["laurent"],
        position="Conseiller de vente en magasin",
        contract_start=TRAINING_START,
        signatory_name="Sophie Laurent, responsable de secteur",
        signed_on=date(2026, 4, 22),
        by=manager,
        now=at(date(2026, 4, 22)),
        on=date(2026, 4, 22),
    )
    company_search.record_contract_signed(
        application=morin,
        signed_on=date(2026, 6, 30),
        by=manager,
        now=at(date(2026, 6, 30)),
        on=date(2026, 6, 30),
    )
    enrolment.enrol(
        application=morin,
        cohort=cohort,
        category="apprenti_habilite",
        category_start=TRAINING_START,
        with_contract=True,
        confirm_warnings=True,
        by=manager,
        on=TRAINING_START,
        now=at(TRAINING_START, 9),
    )

    # Closed: a withdrawal and a refusal, each with its reason.
    bailly = submit(date(2026, 4, 2), _person("Hugo", "Bailly", date(2006, 10, 12)))
    move(bailly, Stage.INFORMATION_MEETING, date(2026, 4, 10))
    services.close_application(
        application=bailly,
        outcome=Outcome.WITHDRAWN,
        reason="A choisi une licence professionnelle dans un autre établissement.",
        by=manager,
        now=at(date(2026, 5, 2)),
    )
    dumas = typed(date(2026, 4, 20), _person("Kevin", "Dumas", date(2005, 11, 2)))
    move(dumas, Stage.INTERVIEW, date(2026, 5, 4))
    interview(dumas, date(2026, 5, 6), InterviewDecision.UNFAVOURABLE, levels=1)
    services.close_application(
        application=dumas,
        outcome=Outcome.REFUSED,
        reason="Prérequis non atteints : baccalauréat non obtenu.",
        by=manager,
        now=at(date(2026, 5, 7)),
    )
    # The demo's fixed links, set last (a service saving an offer writes its whole row).
    Offer.objects.filter(pk=rhone.pk).update(access_token_digest=digest(DEMO_COMPANY_TOKEN))
