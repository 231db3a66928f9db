"""Every URL pattern of the site × every role, the people of a second centre and an anonymous
visitor, against the permission model of docs/ (docs/records.md, docs/pages-and-api.md and each
app's « Who sees what »): the exact status of each role on each page (`ACCESS`), none of the
first centre's learners on any page, list or export read from the second centre, an empty POST
refused (403 or 404) with nothing changed to every role that may not act (`ACTS`), and the
login page for the anonymous.

The patterns are read from the resolver: a pattern with no line in `PATTERNS` (a path with the
whole demo's ids) and not in `REACHED_ELSEWHERE` fails `test_every_url_pattern_has_a_line`, and
one without its answers fails `test_every_pattern_has_its_answers_by_role`, so a new page cannot
go unchecked. The main pages on the smaller demo with more records (files, PDFs) are the table of
`tests/dashboard/test_who_gets_what.py`; the API's, `tests/api/test_access_matrix.py`.
"""

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from ndrc.core.models import Role
from tests import factories, snapshot
from tests.dashboard.test_who_gets_what import ROLES, fill, ids

ELSEWHERE = ("responsable_autre_centre", "enseignant_autre_centre")

# Patterns checked by another module, or that no GET with the demo's ids can reach.
REACHED_ELSEWHERE = {
    # The JSON API: every endpoint × every role, both centres (tests/api/test_access_matrix.py).
    "api:*",
    # Django's admin site: for Django staff accounts (is_staff) only, not a page of the
    # application's roles.
    "admin:*",
    # Tokens sent by e-mail or shown once: a GET with a made-up token is a public 404 page,
    # checked in their apps' tests (invitations, password reset, calendar feeds, surveys,
    # admissions follow-up and company offers).
    "accounts:accept",
    "password_reset_confirm",
    "timetable:feed",
    "public_indicators:survey_answer",
    "admissions:follow",
    "admissions:follow_confirm",
    "admissions:follow_document",
    "admissions:follow_withdraw",
    "admissions:company_offer",
    "admissions:company_answer",
    "admissions:apply",
    "admissions:apply_done",
    # POST only (logout, language switch).
    "logout",
    "set_language",
}


def patterns(resolver=None, prefix="", namespace=""):
    """(qualified name or route, route, converters) of every URL pattern, recursively."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            yield from patterns(
                entry,
                prefix + str(entry.pattern),
                f"{namespace}:{inner}" if namespace and inner else namespace or inner,
            )
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            name = entry.name or route
            yield (
                f"{namespace}:{name}" if namespace else name,
                route,
                dict(getattr(entry.pattern, "converters", {})),
            )


def covered(name: str) -> bool:
    return (
        name in PATTERNS
        or name in REACHED_ELSEWHERE
        or any(name.startswith(p[:-1]) for p in REACHED_ELSEWHERE if p.endswith("*"))
    )


# Pages anyone reaches without logging in (docs/pages-and-api.md: « The engine endpoints are
# public, like the deliberation simulator page »; the public results and application forms of a
# centre, docs/indicators.md and docs/admissions.md).
PUBLIC = {
    "home",
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_complete",
    "exams:simulator",
    # The national framework (units, poles, skill blocks): the regulation's text, no record
    # (tests/frameworks/test_pages.py reads it without logging in).
    "frameworks:index",
    "frameworks:units",
    "frameworks:activity_areas",
    "frameworks:activity_area",
    "frameworks:skill_blocks",
    "frameworks:skill_block",
    "public_indicators:results",
    "admissions:centre",
    "admissions:offer_form",
    "admissions:offer_done",
}

# pattern name: path of a GET, with the whole demo's ids (`ids()`, `FIRST_OF`). An action or a
# slug the test does not pick is `inconnu`: the page answers 404 (or 405), never 500.
PATTERNS = {
    "frameworks:index": "/referentiel/",
    "frameworks:units": "/referentiel/unites/",
    "frameworks:activity_areas": "/referentiel/poles/",
    "frameworks:activity_area": "/referentiel/poles/P1/",
    "frameworks:skill_blocks": "/referentiel/blocs/",
    "frameworks:skill_block": "/referentiel/blocs/BC01/",
    "exams:simulator": "/examen/simulateur/",
    "exams:sessions": "/examen/sessions/",
    "exams:session": "/examen/sessions/{exam_session}/",
    "exams:registrations": "/examen/sessions/{exam_session}/inscriptions/",
    "exams:registrations_export": "/examen/sessions/{exam_session}/inscriptions.csv",
    "exams:register_cohort": (
        "/examen/sessions/{exam_session}/inscriptions/promotion/{second_year}/"
    ),
    "exams:grades": "/examen/sessions/{exam_session}/notes/",
    "exams:grade_import": "/examen/sessions/{exam_session}/notes/import/",
    "exams:collect_ccf": "/examen/sessions/{exam_session}/notes/ccf/",
    "exams:grade_sheet": "/examen/sessions/{exam_session}/notes/inconnu/",
    "exams:jury": "/examen/sessions/{exam_session}/jury/",
    "exams:jury_action": "/examen/sessions/{exam_session}/jury/inconnu/",
    "exams:results": "/examen/sessions/{exam_session}/resultats/",
    "exams:results_action": "/examen/sessions/{exam_session}/resultats/inconnu/",
    "exams:bundle": "/examen/sessions/{exam_session}/documents/{bundle}/",
    "exams:session_action": "/examen/sessions/{exam_session}/inconnu/",
    "exams:registration": "/examen/inscriptions/{registration}/",
    "exams:candidate": "/examen/inscriptions/{registration}/jury/",
    "exams:candidate_action": "/examen/inscriptions/{registration}/jury/inconnu/",
    "exams:my_results": "/examen/mes-resultats/",
    "exams:my_transcript": "/examen/mes-resultats/{registration}/releve/",
    "learners:list": "/apprenants/",
    "learners:export": "/apprenants/export.csv",
    "learners:mine": "/apprenants/moi/",
    "learners:cohorts": "/apprenants/promotions/",
    "learners:cohort_create": "/apprenants/promotions/nouvelle/",
    "learners:cohort": "/apprenants/promotions/{second_year}/",
    "learners:create": "/apprenants/promotions/{second_year}/nouvel-apprenant/",
    "learners:teachers": "/apprenants/promotions/{second_year}/enseignants/",
    "learners:cohort_reimport_export": "/apprenants/promotions/{second_year}/reimport.csv",
    "learners:cohort_export": "/apprenants/promotions/{second_year}/export.csv",
    "learners:detail": "/apprenants/{bernard}/",
    "learners:edit": "/apprenants/{bernard}/modifier/",
    "learners:category": "/apprenants/{bernard}/statut/",
    "learners:personal_data": "/apprenants/{bernard}/donnees-personnelles.json",
    "learners:erase": "/apprenants/{bernard}/effacer/",
    "learners:supervision_start": "/apprenants/{bernard}/encadrement/",
    "learners:supervision_end": "/apprenants/{bernard}/encadrement/{bernard_supervision}/fin/",
    "companies:list": "/entreprises/",
    "companies:export": "/entreprises/export.csv",
    "companies:create": "/entreprises/nouvelle/",
    "companies:detail": "/entreprises/{rhone}/",
    "companies:edit": "/entreprises/{rhone}/modifier/",
    "companies:contact_create": "/entreprises/{rhone}/contacts/nouveau/",
    "companies:contact_edit": "/entreprises/contacts/{laurent}/modifier/",
    "imports:index": "/imports/",
    "imports:learners": "/imports/promotions/{second_year}/apprenants/",
    "imports:companies": "/imports/entreprises/",
    "imports:job": "/imports/{import_job}/",
    "imports:apply": "/imports/{import_job}/appliquer/",
    "imports:discard": "/imports/{import_job}/abandonner/",
    "contracts:index": "/alternance/",
    "contracts:learner": "/alternance/apprenant/{bernard}/",
    "contracts:contract_create": "/alternance/apprenant/{bernard}/contrats/nouveau/",
    "contracts:contract": "/alternance/contrats/{contract}/",
    "contracts:contract_edit": "/alternance/contrats/{contract}/modifier/",
    "contracts:pay_schedule_pdf": "/alternance/contrats/{contract}/echeancier.pdf",
    "contracts:agreement_create": "/alternance/apprenant/{bernard}/conventions/nouvelle/",
    "contracts:agreement": "/alternance/conventions/{agreement}/",
    "contracts:agreement_edit": "/alternance/conventions/{agreement}/modifier/",
    "contracts:agreement_pdf": "/alternance/conventions/{agreement}/convention.pdf",
    "contracts:certificate_pdf": "/alternance/conventions/{agreement}/attestation.pdf",
    "portfolio:index": "/portfolio/",
    "portfolio:to_review": "/portfolio/fiches-a-relire/",
    "portfolio:learner": "/portfolio/apprenants/{bernard}/",
    "portfolio:learner_coverage": "/portfolio/apprenants/{bernard}/couverture/",
    "portfolio:sheet_create": "/portfolio/apprenants/{bernard}/fiches/nouvelle/?exam=E4",
    "portfolio:dossier_document": "/portfolio/apprenants/{bernard}/documents/inconnu/",
    "portfolio:dossier_pdf": "/portfolio/apprenants/{bernard}/dossier/E4/pdf/",
    "portfolio:learner_dossier": "/portfolio/apprenants/{bernard}/dossier/E4/",
    "portfolio:dossier_filing": "/portfolio/apprenants/{bernard}/dossier/E4/depot/",
    "portfolio:dossier_reduction": "/portfolio/apprenants/{bernard}/dossier/E4/reduction-de-stage/",
    "portfolio:dossier_reduction_cancel": (
        "/portfolio/apprenants/{bernard}/dossier/E4/reduction-de-stage/supprimer/"
    ),
    "portfolio:employment_certificate_add": (
        "/portfolio/apprenants/{bernard}/dossier/E4/certificats-de-travail/"
    ),
    "portfolio:employment_certificate_delete": (
        "/portfolio/certificats-de-travail/{employment_certificate}/supprimer/E4/"
    ),
    "portfolio:cohort_coverage": "/portfolio/promotions/{second_year}/couverture/",
    "portfolio:cohort_conformity": "/portfolio/promotions/{second_year}/conformite/E4/",
    "portfolio:sheet": "/portfolio/fiches/{sheet}/",
    "portfolio:sheet_edit": "/portfolio/fiches/{sheet}/modifier/",
    "portfolio:sheet_submit": "/portfolio/fiches/{sheet}/soumettre/",
    "portfolio:sheet_validate": "/portfolio/fiches/{sheet}/valider/",
    "portfolio:sheet_return": "/portfolio/fiches/{sheet}/renvoyer/",
    "portfolio:sheet_comment": "/portfolio/fiches/{sheet}/commenter/",
    "portfolio:sheet_attest": "/portfolio/fiches/{sheet}/attester/",
    "portfolio:sheet_delete": "/portfolio/fiches/{sheet}/supprimer/",
    "portfolio:attachment_add": "/portfolio/fiches/{sheet}/pieces/",
    "portfolio:attachment": "/portfolio/pieces/{attachment}/",
    "portfolio:attachment_delete": "/portfolio/pieces/{attachment}/supprimer/",
    "assessments:index": "/evaluations/",
    "assessments:my_results": "/evaluations/mes-resultats/",
    "assessments:to_grade": "/evaluations/a-noter/",
    "assessments:cohort": "/evaluations/promotions/{second_year}/",
    "assessments:cohort_grids": "/evaluations/promotions/{second_year}/grilles/",
    "assessments:situation": "/evaluations/situations/{situation}/",
    "assessments:evaluation_document": "/evaluations/documents/{evaluation_document}/",
    "assessments:grid_pdf": "/evaluations/situations/{situation}/grille.pdf",
    "assessments:rate": "/evaluations/situations/{situation}/grille/inconnu/",
    "assessments:action": "/evaluations/situations/{situation}/inconnu/",
    "gradebook:index": "/notes/",
    "gradebook:my_marks": "/notes/mes-notes/",
    "gradebook:my_bulletins": "/notes/mes-bulletins/",
    "gradebook:periods": "/notes/periodes/",
    "gradebook:cohort": "/notes/promotions/{second_year}/",
    "gradebook:create": "/notes/promotions/{second_year}/nouveau-carnet/",
    "gradebook:cohort_bulletins": "/notes/promotions/{second_year}/bulletins/{period}/",
    "gradebook:cohort_bulletins_publish": (
        "/notes/promotions/{second_year}/bulletins/{period}/publier/"
    ),
    "gradebook:cohort_bulletins_pdf": "/notes/promotions/{second_year}/bulletins/{period}/pdf/",
    "gradebook:council": "/notes/promotions/{second_year}/conseil/{period}/",
    "gradebook:council_entry": (
        "/notes/promotions/{second_year}/conseil/{period}/apprenants/{bernard}/"
    ),
    "gradebook:council_minutes": "/notes/promotions/{second_year}/conseil/{period}/proces-verbal/",
    "gradebook:gradebook": "/notes/carnets/{gradebook}/",
    "gradebook:coefficient": "/notes/carnets/{gradebook}/coefficient/",
    "gradebook:assessment_create": "/notes/carnets/{gradebook}/nouvelle-evaluation/",
    "gradebook:appreciations": "/notes/carnets/{gradebook}/appreciations/{period}/",
    "gradebook:appreciation_save": "/notes/carnets/{gradebook}/appreciations/{period}/{bernard}/",
    "gradebook:assessment_edit": "/notes/evaluations/{assessment}/modifier/",
    "gradebook:assessment_publish": "/notes/evaluations/{assessment}/publier/",
    "gradebook:assessment_delete": "/notes/evaluations/{assessment}/supprimer/",
    "gradebook:column_save": "/notes/evaluations/{assessment}/colonne/",
    "gradebook:mark_save": "/notes/evaluations/{assessment}/notes/{bernard}/",
    "gradebook:learner_bulletins": "/notes/apprenants/{bernard}/bulletins/",
    "gradebook:bulletin": "/notes/apprenants/{bernard}/bulletins/{period}/",
    "gradebook:bulletin_pdf": "/notes/apprenants/{bernard}/bulletins/{period}/pdf/",
    "gradebook:school_record": "/notes/apprenants/{bernard}/livret/",
    "gradebook:school_record_pdf": "/notes/apprenants/{bernard}/livret/pdf/",
    "gradebook:record_observations": "/notes/apprenants/{bernard}/livret/observations/",
    "gradebook:record_appreciation": "/notes/apprenants/{bernard}/livret/U4/",
    "gradebook:competences": "/notes/apprenants/{bernard}/competences/",
    "documents:download": "/documents/{document}/",
    "timetable:index": "/emploi-du-temps/",
    "timetable:cohort_week": "/emploi-du-temps/promotion/{second_year}/",
    "timetable:cohort_week_of": "/emploi-du-temps/promotion/{second_year}/semaine/2026-01-12/",
    "timetable:copy_week": "/emploi-du-temps/promotion/{second_year}/semaine/2026-01-12/copier/",
    "timetable:cohort_calendar": "/emploi-du-temps/promotion/{second_year}/calendrier/",
    "timetable:rhythm_add": "/emploi-du-temps/promotion/{second_year}/groupes/nouveau/",
    "timetable:period_add": "/emploi-du-temps/promotion/{second_year}/periodes/nouvelle/",
    "timetable:period_remove": "/emploi-du-temps/periodes/{calendar_period}/retirer/",
    "timetable:session_new": "/emploi-du-temps/promotion/{second_year}/seances/nouvelle/",
    "timetable:session_edit": "/emploi-du-temps/seances/{timetable_session}/",
    "timetable:session_cancel": "/emploi-du-temps/seances/{timetable_session}/annuler/",
    "timetable:teacher_week": "/emploi-du-temps/enseignant/{teacher}/",
    "timetable:teacher_week_of": "/emploi-du-temps/enseignant/{teacher}/semaine/2026-01-12/",
    "timetable:rooms": "/emploi-du-temps/salles/",
    "timetable:room_week": "/emploi-du-temps/salles/{room}/",
    "timetable:room_week_of": "/emploi-du-temps/salles/{room}/semaine/2026-01-12/",
    "timetable:learner_week": "/emploi-du-temps/apprenant/{bernard}/",
    "timetable:learner_week_of": "/emploi-du-temps/apprenant/{bernard}/semaine/2026-01-12/",
    "timetable:learner_calendar": "/emploi-du-temps/apprenant/{bernard}/calendrier/",
    "timetable:feeds": "/emploi-du-temps/abonnements/",
    "timetable:feed_revoke": "/emploi-du-temps/abonnements/{feed}/revoquer/",
    "timetable:notices": "/emploi-du-temps/avis/",
    "attendance:index": "/emargement/",
    "attendance:sign": "/emargement/signer/",
    "attendance:session_sheet": "/emargement/seance/{timetable_session}/",
    "attendance:sheet": "/emargement/feuilles/{attendance_sheet}/",
    "attendance:sheet_code": "/emargement/feuilles/{attendance_sheet}/code/",
    "attendance:sheet_lines": "/emargement/feuilles/{attendance_sheet}/lignes/",
    "attendance:sign_sheet": "/emargement/feuilles/{attendance_sheet}/signer/",
    "attendance:sheet_pdf": "/emargement/feuilles/{attendance_sheet}/feuille.pdf",
    "attendance:mark": "/emargement/lignes/{attendance_record}/noter/",
    "attendance:correct": "/emargement/lignes/{attendance_record}/corriger/",
    "attendance:learner": "/emargement/apprenant/{bernard}/",
    "attendance:justify": "/emargement/apprenant/{bernard}/justificatif/",
    "attendance:certificate": "/emargement/apprenant/{bernard}/document/",
    "attendance:cohort_month": "/emargement/promotion/{second_year}/mois/2025/10/",
    "attendance:cohort_week_pdf": (
        "/emargement/promotion/{second_year}/semaine/2026-01-12/feuille.pdf"
    ),
    "attendance:cohort_documents": "/emargement/promotion/{second_year}/documents/",
    "followup:index": "/suivi/",
    "followup:master": "/suivi/maitre/",
    "followup:learner": "/suivi/apprenant/{bernard}/",
    "followup:open_logbook": "/suivi/apprenant/{bernard}/livret/ouvrir/",
    "followup:plan_visit": "/suivi/apprenant/{bernard}/visites/nouvelle/",
    "followup:plan_meeting": "/suivi/apprenant/{bernard}/entretiens/nouveau/",
    "followup:logbook": "/suivi/livret/{logbook}/",
    "followup:add_entry": "/suivi/livret/{logbook}/activites/",
    "followup:logbook_pdf": "/suivi/livret/{logbook}/livret.pdf",
    "followup:delete_entry": "/suivi/activites/{logbook_entry}/supprimer/",
    "followup:validate_period": "/suivi/periodes/{logbook_period}/valider/",
    "followup:comment_period": "/suivi/periodes/{logbook_period}/commenter/",
    "followup:visits": "/suivi/visites/",
    "followup:visit": "/suivi/visites/{visit}/",
    "followup:visit_action": "/suivi/visites/{visit}/inconnu/",
    "followup:meeting": "/suivi/entretiens/{meeting}/",
    "followup:meeting_action": "/suivi/entretiens/{meeting}/inconnu/",
    "followup:settings": "/suivi/centres/{centre}/parametres/",
    "followup:referents": "/suivi/promotions/{second_year}/referents/",
    "followup:notifications": "/suivi/notifications/",
    "indicators:index": "/indicateurs/",
    "indicators:export": "/indicateurs/export.csv",
    "indicators:year": "/indicateurs/2026/",
    "indicators:detail": "/indicateurs/2026/inconnu/",
    "indicators:charts": "/indicateurs/graphiques/",
    "indicators:chart_svg": "/indicateurs/graphiques/inconnu.svg",
    "indicators:figures": "/indicateurs/chiffres/",
    "indicators:figures_new": "/indicateurs/chiffres/saisir/",
    "indicators:figures_edit": "/indicateurs/chiffres/2026/",
    "indicators:leavers": "/indicateurs/sorties/2026/",
    "indicators:situation": "/indicateurs/sorties/apprenant/{bernard}/situation/",
    "indicators:interruption": "/indicateurs/sorties/apprenant/{bernard}/depart/",
    "indicators:interruption_cancel": "/indicateurs/sorties/apprenant/{bernard}/depart/annuler/",
    "indicators:surveys": "/indicateurs/enquetes/",
    "indicators:survey": "/indicateurs/enquetes/{survey}/",
    "indicators:question_delete": "/indicateurs/enquetes/{survey}/questions/{question}/supprimer/",
    "indicators:survey_action": "/indicateurs/enquetes/{survey}/inconnu/",
    "public_indicators:results": "/resultats/{uai}/",
    "admissions:index": "/admission/",
    "admissions:intake_create": "/admission/sessions/nouvelle/",
    "admissions:intake": "/admission/sessions/{intake}/",
    "admissions:intake_open": "/admission/sessions/{intake}/formulaire/",
    "admissions:application_create": "/admission/sessions/{intake}/nouvelle-candidature/",
    "admissions:parcoursup_upload": "/admission/sessions/{intake}/parcoursup/",
    "admissions:parcoursup": "/admission/parcoursup/{parcoursup}/",
    "admissions:parcoursup_apply": "/admission/parcoursup/{parcoursup}/appliquer/",
    "admissions:parcoursup_discard": "/admission/parcoursup/{parcoursup}/abandonner/",
    "admissions:board": "/admission/tableau/",
    "admissions:list": "/admission/candidatures/",
    "admissions:application": "/admission/candidatures/{application}/",
    "admissions:application_edit": "/admission/candidatures/{application}/modifier/",
    "admissions:move": "/admission/candidatures/{application}/etape/",
    "admissions:close": "/admission/candidatures/{application}/cloture/",
    "admissions:reopen": "/admission/candidatures/{application}/reouverture/",
    "admissions:send_link": "/admission/candidatures/{application}/lien/",
    "admissions:document_add": "/admission/candidatures/{application}/pieces/",
    "admissions:document": "/admission/candidatures/{application}/pieces/{application_document}/",
    "admissions:interview": "/admission/candidatures/{application}/entretien/",
    "admissions:positioning": "/admission/candidatures/{application}/positionnement/",
    "admissions:adaptation": "/admission/candidatures/{application}/amenagements/",
    "admissions:propose": "/admission/candidatures/{application}/proposer/",
    "admissions:company_application_add": "/admission/candidatures/{application}/entreprises/",
    "admissions:company_application": (
        "/admission/candidatures/{application}/entreprises/{company_application}/"
    ),
    "admissions:commitment": "/admission/candidatures/{application}/engagement/",
    "admissions:contract_signed": "/admission/candidatures/{application}/contrat-signe/",
    "admissions:enrol": "/admission/candidatures/{application}/inscription/",
    "admissions:merge": "/admission/candidatures/{application}/fusion/{other_application}/",
    "admissions:duplicates": "/admission/doublons/",
    "admissions:deadlines": "/admission/sans-contrat/",
    "admissions:funnel": "/admission/entonnoir/",
    "admissions:settings": "/admission/reglages/",
    "admissions:criterion_add": "/admission/reglages/grille/",
    "admissions:criterion": "/admission/reglages/grille/{criterion}/",
    "admissions:criteria_defaults": "/admission/reglages/grille/proposee/",
    "admissions:referent_add": "/admission/reglages/referents/",
    "admissions:referent_remove": "/admission/reglages/referents/{disability_referent}/retrait/",
    "admissions:offers": "/admission/offres/",
    "admissions:offer_create": "/admission/offres/nouvelle/",
    "admissions:offer": "/admission/offres/{offer}/",
    "admissions:offer_status": "/admission/offres/{offer}/etat/",
    "admissions:offer_link": "/admission/offres/{offer}/lien/",
    "admissions:centre": "/admission/centre/{uai}/",
    "admissions:offer_form": "/admission/entreprise/{uai}/offre/",
    "admissions:offer_done": "/admission/entreprise/{uai}/offre/merci/",
    "jobs:list": "/taches/",
    "jobs:detail": "/taches/{job}/",
    "jobs:status": "/taches/{job}/etat/",
    "jobs:file": "/taches/{job}/fichier/",
    "accounts:users": "/comptes/",
    "accounts:user": "/comptes/{user}/",
    "accounts:take_back": "/comptes/{user}/roles/{membership}/retirer/",
    "accounts:deactivate": "/comptes/{user}/desactiver/",
    "accounts:reactivate": "/comptes/{user}/reactiver/",
    "accounts:invite": "/comptes/inviter/",
    "accounts:invite_learners": "/comptes/inviter/apprenants/",
    "accounts:invite_contacts": "/comptes/inviter/entreprises/",
    "accounts:resend": "/comptes/invitations/{invitation}/renvoyer/",
    "accounts:revoke": "/comptes/invitations/{invitation}/annuler/",
    "accounts:centres": "/comptes/centres/",
    "accounts:centre_create": "/comptes/centres/nouveau/",
    "api_tokens:list": "/jetons-api/",
    "api_tokens:revoke": "/jetons-api/{api_token}/revoquer/",
    "login": "/connexion/",
    "password_reset": "/mot-de-passe/oubli/",
    "password_reset_done": "/mot-de-passe/envoye/",
    "password_reset_complete": "/mot-de-passe/modifie/",
    "home": "/",
    "search": "/recherche/",
    "manager_list": "/tableau-de-bord/inconnu/",
}


def first(model_path: str) -> int:
    return apps.get_model(model_path).objects.order_by("pk").values_list("pk", flat=True).first()


# placeholder: the model whose first row (the first centre's, the second centre has none but its
# people, cohort and learner, added last) fills it.
FIRST_OF = {
    "agreement": "contracts.InternshipAgreement",
    "api_token": "api.ApiToken",
    "application_document": "admissions.ApplicationDocument",
    "application": "admissions.Application",
    "assessment": "gradebook.Assessment",
    "attachment": "portfolio.Attachment",
    "attendance_record": "attendance.AttendanceRecord",
    "attendance_sheet": "attendance.AttendanceSheet",
    "bundle": "exams.DocumentBundle",
    "calendar_period": "timetable.CalendarPeriod",
    "company_application": "admissions.CompanyApplication",
    "contract": "contracts.Contract",
    "criterion": "admissions.InterviewCriterion",
    "disability_referent": "admissions.DisabilityReferent",
    "document": "documents.GeneratedDocument",
    "employment_certificate": "portfolio.EmploymentCertificate",
    "evaluation_document": "assessments.EvaluationDocument",
    "exam_session": "exams.ExamSession",
    "feed": "timetable.CalendarFeed",
    "gradebook": "gradebook.Gradebook",
    "import_job": "imports.ImportJob",
    "intake": "admissions.Intake",
    "invitation": "accounts.Invitation",
    "job": "jobs.Job",
    "logbook_entry": "followup.LogbookEntry",
    "logbook_period": "followup.LogbookPeriod",
    "logbook": "followup.Logbook",
    "meeting": "followup.TripartiteMeeting",
    "membership": "core.Membership",
    "offer": "admissions.Offer",
    "parcoursup": "admissions.ParcoursupUpload",
    "period": "gradebook.Period",
    "question": "indicators.Question",
    "registration": "exams.Registration",
    "room": "timetable.Room",
    "sheet": "portfolio.ActivitySheet",
    "situation": "assessments.AssessmentSituation",
    "survey": "indicators.Survey",
    "timetable_session": "timetable.Session",
    "visit": "followup.Visit",
}


# Records the whole demo has none of (uploaded or issued files, tokens, jobs, imports): their
# pages are asked for an id no record has, and must answer 404 (or the login page), never 500.
# Their access by role is tested in their apps (and the files' in test_who_gets_what).
NOT_IN_THE_DEMO = {
    "api_token",
    "application_document",
    "attachment",
    "bundle",
    "document",
    "employment_certificate",
    "evaluation_document",
    "feed",
    "import_job",
    "invitation",
    "job",
    "parcoursup",
}
NO_SUCH_ID = 999_999


# --- What each role gets: the permission model of docs/ as data --------------------------------
# On the whole demo (seen on the day the tests run) both teachers teach the 2nd-year cohort
# (`enseignante` the 1st year too, and she is the centre's disability referent); `enseignant` is
# Bernard's referent teacher. The records behind the ids are in `FIRST_OF` (Bernard's contract,
# sheet, situation, visit and meeting; Durand's agreement of January 2026, ended; André's
# logbook; Aubert's registration to the 2026 session).
# 200 shown, 302 sent on, 403 reachable but not theirs to do, 404 out of reach (docs/records.md,
# « 404 or 403, everywhere »). A page that names no record has nothing to hide: 403.
ALL = (*ROLES, *ELSEWHERE)
HERE_MANAGERS = ("admin", "responsable")
MANAGERS = (*HERE_MANAGERS, "responsable_autre_centre")  # each of their own centre
COHORT_STAFF = (*HERE_MANAGERS, "enseignant", "enseignante", "examens")
EXAM_OFFICE = (*HERE_MANAGERS, "examens")
BERNARD = (*COHORT_STAFF, "apprenant", "maitre")  # Bernard's readers (docs/records.md)


def answer(
    shown: tuple[str, ...], *, forbidden: tuple[str, ...] = (), status: int = 200, **by_role: int
) -> dict[str, int]:
    """`status` for the roles `shown`, 403 for the roles `forbidden`, 404 for the rest."""
    assert set(by_role) <= set(ALL), by_role
    table = dict.fromkeys(ALL, 404)
    table.update(dict.fromkeys(forbidden, 403))
    table.update(dict.fromkeys(shown, status))
    return {**table, **by_role}


def nobody_else(shown: tuple[str, ...], status: int = 200, **by_role: int) -> dict[str, int]:
    """A page naming no record: `status` for the roles `shown`, 403 for everyone else."""
    return answer(shown, forbidden=ALL, status=status, **by_role)


ACCESS: list[tuple[dict[str, int], tuple[str, ...]]] = [
    # Public pages, and the ones everyone logged in reads: lists are never refused, they show
    # what the reader may reach (docs/pages-and-api.md, « Lists are never refused »): one's
    # own results, feeds, notices, jobs, tokens, sessions; the shared company directory
    # (docs/records.md); the framework and the simulator (no record).
    (
        answer(ALL),
        (
            *sorted(PUBLIC - {"login"}),
            "search",
            "exams:sessions",
            "exams:my_results",
            "learners:list",
            "learners:export",
            "learners:cohorts",
            "companies:list",
            "companies:export",
            "contracts:index",
            "assessments:my_results",
            "assessments:to_grade",
            "portfolio:to_review",
            "timetable:index",
            "timetable:rooms",
            "timetable:feeds",
            "timetable:notices",
            "attendance:index",
            "attendance:sign",
            "followup:master",
            "followup:visits",
            "followup:notifications",
            "jobs:list",
            "api_tokens:list",
        ),
    ),
    # Logged in, the login page sends one on.
    (answer(ALL, status=302), ("login",)),
    # The sections' front pages send a learner to their own page (and a master to the
    # master's follow-up page).
    (
        answer(ALL, apprenant=302),
        ("portfolio:index", "assessments:index", "gradebook:index"),
    ),
    (answer(ALL, apprenant=302, maitre=302), ("followup:index",)),
    # A learner's own pages: nobody else has one (404).
    (answer((), apprenant=302), ("learners:mine", "gradebook:my_bulletins")),
    (answer(("apprenant",)), ("gradebook:my_marks",)),
    # Records no one reaches: an action or a name the demo does not have (`inconnu`), a record
    # of `NOT_IN_THE_DEMO` (their access by role is tested in their apps).
    (
        answer(()),
        (
            "exams:grade_sheet",
            "exams:bundle",
            "imports:job",
            "portfolio:attachment",
            "assessments:evaluation_document",
            "documents:download",
            "indicators:detail",
            "indicators:chart_svg",
            "admissions:parcoursup",
            "admissions:document",
            "jobs:detail",
            "jobs:status",
            "jobs:file",
            "manager_list",
        ),
    ),
    # A training manager's pages of their own centre (docs/records.md « may write »;
    # docs/imports.md; docs/gradebook.md; docs/admissions.md « every action »): the second
    # centre's manager opens them for theirs.
    (
        nobody_else(MANAGERS),
        (
            "learners:cohort_create",
            "companies:create",
            "imports:index",
            "imports:companies",
            "gradebook:periods",
            "admissions:intake_create",
            "admissions:settings",
            "admissions:offers",
            "admissions:offer_create",
            "accounts:users",
            "accounts:invite",
            "accounts:invite_learners",
            "accounts:invite_contacts",
            "accounts:centres",
        ),
    ),
    (nobody_else(("admin",)), ("accounts:centre_create",)),
    # The people's accounts (the learner's login): their centre's managers.
    (
        answer(HERE_MANAGERS, forbidden=ALL, responsable_autre_centre=404),
        ("accounts:user",),
    ),
    # The company directory: staff of any centre read it, training managers change it; a tutor
    # reaches only their own company (docs/records.md).
    (answer(ALL, tuteur=404), ("companies:detail",)),
    (
        answer(MANAGERS, forbidden=ALL, tuteur=404),
        ("companies:edit", "companies:contact_create", "companies:contact_edit"),
    ),
    # The 2nd-year cohort and the records of the cohort as a whole: its staff (docs/records.md:
    # managers and exam office of the centre, its teachers; docs/gradebook.md: the cohort's
    # teachers and exam office read gradebooks, bulletins, councils; docs/followup.md: teachers
    # and exam office read the cohort's follow-up; docs/attendance.md: the sheets). No learner,
    # master or tutor: a cohort page shows other learners (« A learner and a tutor see no cohort
    # list »); the rooms' weeks are the staff's (docs/calendar.md, « Who sees what »). Bernard's
    # bulletin of a period not published (docs/gradebook.md: the learner reads it once
    # published, a master when the centre shares it). Durand's agreement of January 2026: its
    # tutor's supervision ended (docs/records.md: a tutor's access ends with it).
    (
        answer(COHORT_STAFF),
        (
            "learners:cohort",
            "learners:cohort_export",
            "contracts:agreement",
            "portfolio:cohort_coverage",
            "portfolio:cohort_conformity",
            "assessments:cohort",
            "gradebook:cohort",
            "gradebook:cohort_bulletins",
            "gradebook:council",
            "gradebook:gradebook",
            "gradebook:appreciations",
            "gradebook:bulletin",
            "timetable:room_week",
            "timetable:room_week_of",
            "attendance:sheet",
            "attendance:sheet_lines",
            "followup:settings",
        ),
    ),
    # Changing the cohort or its centre-wide records: its managers; its other staff 403
    # (docs/records.md; docs/imports.md « a teacher of the cohort or the exam office gets
    # 403 »; docs/contracts.md « Managers … create, change »; docs/gradebook.md: the assessments
    # of a gradebook are its teacher's, `enseignant` and `enseignante` do not hold the first one;
    # docs/attendance.md: a correction is the manager's; docs/followup.md: referents).
    (
        answer(HERE_MANAGERS, forbidden=("enseignant", "enseignante", "examens")),
        (
            "learners:create",
            "learners:teachers",
            "learners:cohort_reimport_export",
            "imports:learners",
            "contracts:agreement_edit",
            "gradebook:assessment_create",
            "gradebook:assessment_edit",
            "attendance:correct",
            "followup:referents",
        ),
    ),
    # A new gradebook: a teacher of the cohort opens theirs (docs/gradebook.md, « Who sees
    # what »: the gradebook's teacher writes it); the exam office reads only.
    (
        answer((*HERE_MANAGERS, "enseignant", "enseignante"), forbidden=("examens",)),
        ("gradebook:create",),
    ),
    # Bernard and his records: his cohort's staff, himself, his master (docs/records.md;
    # docs/contracts.md, docs/portfolio.md, docs/assessments.md, docs/attendance.md « Who sees
    # the hours », docs/followup.md « Who does what »; the tutor supervises others).
    (
        answer(BERNARD),
        (
            "learners:detail",
            "contracts:learner",
            "contracts:contract",
            "portfolio:learner",
            "portfolio:sheet",
            "assessments:situation",
            "gradebook:learner_bulletins",
            "timetable:learner_week",
            "timetable:learner_week_of",
            "timetable:learner_calendar",
            "attendance:learner",
            "followup:learner",
            "followup:visit",
            "followup:meeting",
        ),
    ),
    # Planning a visit or a tripartite meeting: the referent teacher or the manager
    # (docs/followup.md, « Who does what »).
    (
        answer((*HERE_MANAGERS, "enseignant"), forbidden=BERNARD),
        ("followup:plan_visit", "followup:plan_meeting"),
    ),
    # Changing Bernard's record, contracts, supervisions: the managers (docs/records.md,
    # docs/contracts.md « Permissions »).
    (
        answer(HERE_MANAGERS, forbidden=BERNARD),
        (
            "learners:edit",
            "learners:erase",
            "learners:supervision_start",
            "learners:supervision_end",
            "contracts:contract_create",
            "contracts:contract_edit",
            "contracts:agreement_create",
        ),
    ),
    # His personal data: the managers and himself (docs/records.md, « export of their data »).
    (
        answer((*HERE_MANAGERS, "apprenant"), forbidden=BERNARD),
        ("learners:personal_data",),
    ),
    # A new E4 sheet: the learner writes their own, the administrator everything
    # (docs/portfolio.md, « Who may do what »); Bernard's first sheet, attested, no longer his
    # to edit (« only while draft or returned »).
    (answer(("admin", "apprenant"), forbidden=BERNARD), ("portfolio:sheet_create",)),
    (answer(("admin",), forbidden=BERNARD), ("portfolio:sheet_edit",)),
    # Coverage map, dossier, livret, skills: `view_grades`, not the company's (docs/portfolio.md;
    # docs/gradebook.md « never the marks grid nor the livret »).
    (
        answer((*COHORT_STAFF, "apprenant"), forbidden=("maitre",)),
        (
            "portfolio:learner_coverage",
            "portfolio:learner_dossier",
            "gradebook:school_record",
            "gradebook:competences",
        ),
    ),
    # André's logbook (1st year, Laurent's apprentice): the 1st-year staff and his master
    # (docs/followup.md).
    (
        answer((*HERE_MANAGERS, "enseignante", "examens", "maitre")),
        ("followup:logbook",),
    ),
    # The exam session, its registrations, grades, jury, results: the exam office and the
    # manager of its centre (docs/exam-session.md, « Who does what »: teachers, masters, tutors
    # nothing; Aubert's registration is not Bernard's). The surveys: the indicators' readers
    # (docs/indicators.md, « Pages »).
    (
        answer(EXAM_OFFICE),
        (
            "exams:session",
            "exams:registrations",
            "exams:registrations_export",
            "exams:register_cohort",
            "exams:grades",
            "exams:jury",
            "exams:results",
            "exams:registration",
            "exams:candidate",
            "indicators:survey",
        ),
    ),
    # The indicators: managers, exam office, administrator, of their own centre; without
    # `?centre=`, the administrator's open the centre first in alphabetical order, « CFA
    # Autre » (docs/indicators.md, « Pages »).
    (
        answer((*EXAM_OFFICE, "responsable_autre_centre")),
        (
            "indicators:index",
            "indicators:export",
            "indicators:year",
            "indicators:charts",
            "indicators:figures",
            "indicators:leavers",
            "indicators:surveys",
        ),
    ),
    # « manager records »: figures, leavers' situations, departures; the exam office reads.
    # « CFA Autre » has no figures of 2026: the administrator's default centre (404).
    (answer(MANAGERS, forbidden=("examens",)), ("indicators:figures_new",)),
    (answer(("responsable",), forbidden=("examens",)), ("indicators:figures_edit",)),
    (
        answer(HERE_MANAGERS, forbidden=("examens",)),
        ("indicators:situation", "indicators:interruption"),
    ),
    # Admissions (docs/admissions.md, « Who sees what »): the managers; the disability
    # referent (`enseignante`) reads the applications and records adaptations, whose
    # confidential part the manager does not read; others nothing. The lists name no record:
    # 403.
    (
        nobody_else((*MANAGERS, "enseignante")),
        (
            "admissions:index",
            "admissions:board",
            "admissions:list",
            "admissions:duplicates",
            "admissions:deadlines",
            "admissions:funnel",
        ),
    ),
    (answer((*HERE_MANAGERS, "enseignante")), ("admissions:intake", "admissions:application")),
    (
        answer(HERE_MANAGERS, forbidden=("enseignante",)),
        (
            "admissions:application_create",
            "admissions:parcoursup_upload",
            "admissions:application_edit",
            "admissions:interview",
            "admissions:positioning",
            "admissions:commitment",
            "admissions:enrol",
        ),
    ),
    (answer(("admin", "enseignante"), forbidden=("responsable",)), ("admissions:adaptation",)),
    (answer(HERE_MANAGERS), ("admissions:offer",)),
    # The timetable (docs/calendar.md, « Who sees what »): a cohort's weeks for its staff and
    # learners; planning is the managers'; a teacher's week for themself and their centre's
    # managers and exam office.
    (
        answer((*COHORT_STAFF, "apprenant")),
        ("timetable:cohort_week", "timetable:cohort_week_of", "timetable:cohort_calendar"),
    ),
    (
        answer(HERE_MANAGERS, forbidden=("enseignant", "enseignante", "examens", "apprenant")),
        ("timetable:session_new", "timetable:session_edit", "attendance:cohort_documents"),
    ),
    (answer((*EXAM_OFFICE, "enseignant")), ("timetable:teacher_week", "timetable:teacher_week_of")),
    # Attendance (docs/attendance.md): the session's sheet opens for its readers, a learner is
    # sent to sign it (« Émarger »); its code is the session's teacher's and the managers'; the
    # month of the cohort is its staff's.
    (answer((*COHORT_STAFF, "apprenant"), status=302), ("attendance:session_sheet",)),
    (
        answer((*HERE_MANAGERS, "enseignant"), forbidden=("enseignante", "examens")),
        ("attendance:sheet_code",),
    ),
    (answer(COHORT_STAFF, forbidden=("apprenant",)), ("attendance:cohort_month",)),
]

# Addresses for POST only (a GET answers 405 to everyone). `MAY`: the role may act there (the
# docs say so; their apps' tests post real forms, not posted here); every other role posts an
# empty form and gets exactly 403 or 404, and the database does not change.
MAY = 0
ANDRE = (*HERE_MANAGERS, "enseignante", "examens", "maitre")  # André's logbook's readers

ACTS: list[tuple[dict[str, int], tuple[str, ...]]] = [
    # No such record, or an action the demo does not have (`inconnu`): 404 to everyone.
    (
        answer(()),
        (
            "exams:candidate_action",
            "imports:apply",
            "imports:discard",
            "portfolio:dossier_document",
            "portfolio:employment_certificate_delete",
            "portfolio:attachment_delete",
            "assessments:action",
            "timetable:feed_revoke",
            "followup:open_logbook",  # the contract to open it for is posted: none here
            "followup:visit_action",
            "followup:meeting_action",
            "admissions:parcoursup_apply",
            "admissions:parcoursup_discard",
            "api_tokens:revoke",
        ),
    ),
    # The session's acts are the exam office's: the manager reaches the session but does none
    # (403); an unknown act is 404 (docs/exam-session.md, « Who does what »).
    (
        answer((), responsable=403),
        ("exams:jury_action", "exams:results_action", "exams:session_action"),
    ),
    (
        answer(("admin", "examens"), forbidden=("responsable",), status=MAY),
        ("exams:grade_import", "exams:collect_ccf"),
    ),
    # Aubert's transcript of the 2026 session: its staff issue it (docs/exam-session.md).
    (answer(EXAM_OFFICE, status=MAY), ("exams:my_transcript",)),
    # Changing the learners' records, dossier proofs, justifications: the managers
    # (docs/records.md; docs/portfolio.md « records proofs, deadlines, filings »;
    # docs/attendance.md).
    (
        answer(HERE_MANAGERS, forbidden=BERNARD, status=MAY),
        (
            "learners:category",
            "portfolio:dossier_reduction",
            "portfolio:employment_certificate_add",
            "portfolio:dossier_filing",
            "portfolio:dossier_reduction_cancel",
            "attendance:justify",
        ),
    ),
    # Bernard's first sheet, attested: no longer his to submit, delete or attach to (« only
    # while draft or returned »); reviewed by a teacher assigned to the whole class; attested by
    # his master, never by the administrator (docs/portfolio.md, « Who may do what »).
    (
        answer(("admin",), forbidden=BERNARD, status=MAY),
        ("portfolio:sheet_submit", "portfolio:sheet_delete", "portfolio:attachment_add"),
    ),
    (
        answer(("admin", "enseignant"), forbidden=BERNARD, status=MAY),
        ("portfolio:sheet_validate", "portfolio:sheet_return", "portfolio:sheet_comment"),
    ),
    (answer(("maitre",), forbidden=BERNARD, status=MAY), ("portfolio:sheet_attest",)),
    # PDFs issued from what one reads (docs/contracts.md, docs/portfolio.md `view_grades`,
    # docs/gradebook.md, docs/attendance.md); the CCF grid before publication not to the
    # learner nor to the company (docs/exam-session.md).
    (
        answer(COHORT_STAFF, status=MAY),
        (
            "contracts:agreement_pdf",
            "contracts:certificate_pdf",
            "assessments:cohort_grids",
            "gradebook:bulletin_pdf",
            "attendance:sheet_pdf",
        ),
    ),
    (answer(BERNARD, status=MAY), ("contracts:pay_schedule_pdf", "attendance:certificate")),
    (
        answer((*COHORT_STAFF, "apprenant"), forbidden=("maitre",), status=MAY),
        ("portfolio:dossier_pdf", "gradebook:school_record_pdf"),
    ),
    (
        answer(COHORT_STAFF, forbidden=("apprenant", "maitre"), status=MAY),
        ("assessments:grid_pdf",),
    ),
    # Rating a CCF grid: a member of the commission (`enseignant`; the criterion `inconnu` is
    # 404); the others reaching the situation 403 (docs/assessments.md).
    (answer(("enseignant",), forbidden=BERNARD, status=404), ("assessments:rate",)),
    # The gradebook (docs/gradebook.md, « Who sees what »): its teacher and the managers write
    # marks and assessments (neither teacher holds the first gradebook); the managers publish;
    # the referent (`enseignant`) writes the council's entries and the livret's elements; the
    # council's minutes and bulletins are issued to the council's leaders.
    (
        answer(HERE_MANAGERS, forbidden=("enseignant", "enseignante", "examens"), status=MAY),
        (
            "gradebook:cohort_bulletins_publish",
            "gradebook:coefficient",
            "gradebook:assessment_publish",
            "gradebook:assessment_delete",
            "gradebook:column_save",
            "gradebook:mark_save",
            "gradebook:appreciation_save",
        ),
    ),
    (
        answer((*HERE_MANAGERS, "enseignant"), forbidden=("enseignante", "examens"), status=MAY),
        ("gradebook:council_entry", "gradebook:cohort_bulletins_pdf"),
    ),
    (
        answer((*HERE_MANAGERS, "enseignant"), forbidden=BERNARD, status=MAY),
        ("gradebook:record_observations", "gradebook:record_appreciation"),
    ),
    # The council's minutes: of a council held. The demo's first period has none until one who
    # leads it (managers, the referent `enseignant`) opens its screen; the others find no
    # button there, and 404 here (docs/gradebook.md, « Class council »).
    (
        answer((*HERE_MANAGERS, "enseignant"), status=MAY, enseignante=404, examens=404),
        ("gradebook:council_minutes",),
    ),
    # Attendance (docs/attendance.md): the session's teacher (`enseignant`) and the managers
    # sign and mark the sheet; the week's blank sheets are the teachers' and managers'.
    (
        answer((*HERE_MANAGERS, "enseignant"), forbidden=("enseignante", "examens"), status=MAY),
        ("attendance:sign_sheet", "attendance:mark"),
    ),
    (
        answer(
            (*HERE_MANAGERS, "enseignant", "enseignante"),
            forbidden=("examens", "apprenant"),
            status=MAY,
        ),
        ("attendance:cohort_week_pdf",),
    ),
    # The timetable's planning: the managers (docs/calendar.md, « Who sees what »).
    (
        answer(
            HERE_MANAGERS,
            forbidden=("enseignant", "enseignante", "examens", "apprenant"),
            status=MAY,
        ),
        (
            "timetable:copy_week",
            "timetable:rhythm_add",
            "timetable:period_add",
            "timetable:period_remove",
            "timetable:session_cancel",
        ),
    ),
    # André's logbook (docs/followup.md, « Who does what »): the apprentice writes the entries,
    # the master validates a period, the referent (`enseignante`) comments; the administrator
    # everything.
    (
        answer(("admin",), forbidden=ANDRE, status=MAY),
        ("followup:add_entry", "followup:delete_entry"),
    ),
    (answer(("admin", "maitre"), forbidden=ANDRE, status=MAY), ("followup:validate_period",)),
    (answer(("admin", "enseignante"), forbidden=ANDRE, status=MAY), ("followup:comment_period",)),
    (answer(ANDRE, status=MAY), ("followup:logbook_pdf",)),
    # Indicators (docs/indicators.md): the managers change; the exam office reads (403); no
    # departure of Bernard to cancel, no such sending: 404.
    (answer(HERE_MANAGERS, forbidden=("examens",), status=MAY), ("indicators:question_delete",)),
    (
        answer((), examens=403),
        ("indicators:interruption_cancel", "indicators:survey_action"),
    ),
    # Admissions (docs/admissions.md, « Who sees what »): the managers act; the referent reads
    # (403); others nothing (404); the settings name no record, a manager of any centre changes
    # theirs. The proposal posted belongs to another application: 404.
    (
        answer(HERE_MANAGERS, forbidden=("enseignante",), status=MAY),
        (
            "admissions:intake_open",
            "admissions:move",
            "admissions:close",
            "admissions:reopen",
            "admissions:send_link",
            "admissions:document_add",
            "admissions:propose",
            "admissions:company_application_add",
            "admissions:contract_signed",
            "admissions:merge",
        ),
    ),
    (answer(HERE_MANAGERS, status=MAY), ("admissions:offer_status", "admissions:offer_link")),
    (answer((), enseignante=403), ("admissions:company_application",)),
    (
        nobody_else(MANAGERS, status=MAY),
        ("admissions:criterion_add", "admissions:criteria_defaults", "admissions:referent_add"),
    ),
    (
        answer(HERE_MANAGERS, forbidden=ALL, responsable_autre_centre=404, status=MAY),
        ("admissions:criterion", "admissions:referent_remove"),
    ),
    # Accounts: the managers of the person's centre (docs/records.md). The first membership is
    # the administrator's own role, and no invitation is in the demo: 404 to the managers.
    (
        answer(HERE_MANAGERS, forbidden=ALL, responsable_autre_centre=404, status=MAY),
        ("accounts:deactivate", "accounts:reactivate"),
    ),
    (
        nobody_else((), admin=404, responsable=404, responsable_autre_centre=404),
        ("accounts:take_back", "accounts:resend", "accounts:revoke"),
    ),
]


def _second_centre(demo) -> dict:
    other = factories.centre(name="CFA Autre", uai="0750654D")
    manager = factories.manager_of(other, "responsable-b")
    teacher = factories.person("enseignant-b", role=Role.TEACHER, training_centre=other)
    factories.learner(factories.cohort(other, name="BTS NDRC CFA Autre"), last_name="Ailleurs")
    return {"responsable_autre_centre": manager, "enseignant_autre_centre": teacher}


@pytest.fixture(scope="module")
def everything(put_back_for_the_module, whole_demo_rows, tmp_path_factory):
    """The whole demo of `ndrc demo` and a second centre, « CFA Autre », with its manager and a
    teacher: put back once for the module (each test's writes undone by its own transaction)."""
    from ndrc.demo.population import create_demo_population

    media = tmp_path_factory.mktemp("media")
    with put_back_for_the_module(whole_demo_rows, media=media):
        whole_demo = create_demo_population()
        whole_demo.users.update(_second_centre(whole_demo))
        values = ids(whole_demo)
        values.update({key: first(model) or NO_SUCH_ID for key, model in FIRST_OF.items()})
        values["other_application"] = (
            apps.get_model("admissions.Application")
            .objects.exclude(pk=values["application"])
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        values["teacher"] = whole_demo.users["enseignant"].pk
        values["user"] = whole_demo.users["apprenant"].pk
        values["uai"] = whole_demo.centre.uai
        whole_demo.values = values
        yield whole_demo


pytestmark = pytest.mark.django_db


def test_every_url_pattern_has_a_line():
    names = [name for name, _route, _conv in patterns()]
    assert not [name for name in names if not covered(name)], "patterns without a line"
    assert not set(PATTERNS) - set(names), "lines for no pattern"


def test_every_placeholder_names_a_record_of_the_demo(everything):
    missing = {key for key, value in everything.values.items() if value == NO_SUCH_ID}
    assert missing == NOT_IN_THE_DEMO


def get(client, path):
    response = client.get(path)
    response.text_read = read(response)
    return response


def read(response) -> str:
    """The body as text, a download read to its end (which closes its file)."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode(errors="replace")


def first_centre_names(demo) -> set[str]:
    """The first centre's learners, as the pages and exports write them."""
    learners = apps.get_model("learners.Learner").objects.filter(
        cohort__training_centre=demo.centre
    )
    return {
        name
        for first_name, last_name in learners.values_list("first_name", "last_name")
        for name in (
            f"{first_name} {last_name}",
            f"{last_name} {first_name}",
            f"{last_name.upper()} {first_name}",
            f"{last_name};{first_name}",  # the CSV exports
        )
    }


def test_every_pattern_has_its_answers_by_role():
    named = [name for _table, names in (*ACCESS, *ACTS) for name in names]
    assert sorted(named) == sorted(PATTERNS), "a pattern without answers, or with two"
    assert all(set(table) == set(ALL) for table, _names in (*ACCESS, *ACTS))


@pytest.mark.parametrize("role", ALL)
def test_each_page_answers_each_role_as_the_permission_model_says(everything, client, role):
    """The exact status of every pattern for the role (`ACCESS`; the addresses for POST only
    answer a GET 405), no error 500, and from the second centre none of the first centre's
    learners on any page, list or export."""
    client.force_login(everything.users[role])
    expected = {name: table[role] for table, names in ACCESS for name in names}
    expected.update({name: 405 for _table, names in ACTS for name in names})
    names = first_centre_names(everything)
    wrong, leaked = {}, {}
    for name, path in PATTERNS.items():
        response = get(client, fill(path, everything.values))
        if response.status_code != expected[name]:
            wrong[name] = (response.status_code, expected[name])
        if role in ELSEWHERE:
            shown = sorted(n for n in names if n in response.text_read)
            if shown:
                leaked[name] = shown[:3]
        elif role == "responsable" and name in ("learners:list", "learners:export"):
            # The first centre's manager reads them there: the leak check bites.
            assert len([n for n in names if n in response.text_read]) >= 20, name
    assert (wrong, leaked) == ({}, {})


def database_rows() -> str:
    """A digest of every table but the sessions' (logging in writes one)."""
    found = snapshot.contents()
    found.pop("django_session")
    return snapshot.fingerprint(found)


@pytest.mark.parametrize("role", ALL)
def test_a_role_that_may_not_act_is_refused_and_nothing_changes(everything, client, role):
    """Every address for POST only that the role may not act on (`ACTS`), posted empty: 403
    or 404, and not a row of the database changed."""
    client.force_login(everything.users[role])
    before = database_rows()
    got, wanted = {}, {}
    for table, names in ACTS:
        for name in names:
            if table[role] != MAY:
                got[name] = client.post(fill(PATTERNS[name], everything.values)).status_code
                wanted[name] = table[role]
    assert got == wanted
    assert database_rows() == before
    assert len(got) >= 20  # every role is refused something


def test_an_anonymous_visitor_is_sent_to_the_login_page_but_from_the_public_ones(
    everything, client
):
    wrong = {}
    for name, path in PATTERNS.items():
        response = get(client, fill(path, everything.values))
        # 405: an address for POST only answers a GET so before asking who is there; it reads
        # nothing.
        login = response.status_code == 405 or (
            response.status_code == 302 and response["Location"].startswith("/connexion/")
        )
        if (name in PUBLIC and response.status_code != 200) or (name not in PUBLIC and not login):
            wrong[name] = response.status_code
    assert wrong == {}
