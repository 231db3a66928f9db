"""Every URL pattern of the site × every role, the people of a second centre and an anonymous
visitor: no error 500, the login page for the anonymous, none of the first centre's records for
the second centre's people (docs/records.md, docs/pages-and-api.md).

The patterns are read from the resolver: a pattern with no line in `PATTERNS` (a path with the
whole demo's ids) and not in `REACHED_ELSEWHERE` fails `test_every_url_pattern_has_a_line`, so a
new page cannot go unchecked. The exact status of each role on the main pages is the table of
`tests/dashboard/test_who_gets_what.py`; the API's, `tests/api/test_access_matrix.py`.
"""

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from ndrc.core.models import Role
from tests import factories
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


# The second centre's people read these pages of the first centre (200): public pages and the
# company directory, shared by the centres of one installation (docs/records.md, « The company
# directory is shared … staff of any centre read it; training managers change it »).
SHARED = {
    "home",
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_complete",
    "search",
    "companies:list",
    "companies:export",
    "companies:detail",
    "companies:create",
    "companies:edit",
    "companies:contact_create",
    "companies:contact_edit",
}
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
    "portfolio:learner": "/portfolio/apprenants/{bernard}/",
    "portfolio:learner_coverage": "/portfolio/apprenants/{bernard}/couverture/",
    "portfolio:sheet_create": "/portfolio/apprenants/{bernard}/fiches/nouvelle/",
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


def _second_centre(demo) -> dict[str, int]:
    other = factories.centre(name="CFA Autre", uai="0750654D")
    manager = factories.manager_of(other, "responsable-b")
    teacher = factories.person("enseignant-b", role=Role.TEACHER, training_centre=other)
    factories.learner(factories.cohort(other, name="BTS NDRC CFA Autre"), last_name="Ailleurs")
    return {"responsable_autre_centre": manager.pk, "enseignant_autre_centre": teacher.pk}


@pytest.fixture
def everything(whole_demo, built_once, settings, tmp_path):
    """The whole demo of `ndrc demo` and a second centre, « CFA Autre », with its manager and a
    teacher (built once per test process, put back in each test)."""
    from ndrc.core.models import User

    settings.MEDIA_ROOT = tmp_path / "media"
    others = built_once(lambda: _second_centre(whole_demo))
    for role, pk in others.items():
        whole_demo.users[role] = User.objects.get(pk=pk)
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
    return whole_demo


def test_every_url_pattern_has_a_line():
    names = [name for name, _route, _conv in patterns()]
    assert not [name for name in names if not covered(name)], "patterns without a line"
    assert not set(PATTERNS) - set(names), "lines for no pattern"


def test_every_placeholder_names_a_record_of_the_demo(everything):
    missing = {key for key, value in everything.values.items() if value == NO_SUCH_ID}
    assert missing == NOT_IN_THE_DEMO


def get(client, path):
    response = client.get(path)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


@pytest.mark.parametrize("role", (*ROLES, *ELSEWHERE))
def test_no_page_fails_and_a_second_centre_reads_none_of_the_first(everything, client, role):
    client.force_login(everything.users[role])
    failed, leaked, read = {}, {}, set()
    for name, path in PATTERNS.items():
        status = get(client, fill(path, everything.values)).status_code
        if status >= 500:
            failed[name] = status
        if status == 200 and "{" in path:
            read.add(name)
        if role in ELSEWHERE and status == 200 and "{" in path and name not in SHARED | PUBLIC:
            leaked[name] = status
    assert (failed, leaked) == ({}, {})
    if role == "admin":  # the ids are the first centre's records: for the leak check to bite,
        assert len(read) >= 99  # its staff read them (the rest: POST only, or no such record)


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
