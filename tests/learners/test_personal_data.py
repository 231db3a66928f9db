"""A person can get everything ndrc holds about them, and be erased while the law's records stay."""

import json
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ndrc.core.audit import REDACTED
from ndrc.core.models import Membership
from ndrc.core.selectors import history_of
from ndrc.learners.personal_data import erase_person, export_person
from ndrc.learners.selectors import visible_learners

ON = date(2026, 11, 2)


def test_the_export_holds_identity_categories_supervisions_account_and_history(demo):
    moreau = demo.learners["moreau"]
    data = export_person(moreau, by=demo.users["responsable"])
    json.dumps(data)  # JSON-able as it is
    assert data["learner"]["last_name"] == "Moreau"
    assert data["learner"]["birth_date"] == "2005-01-25"
    assert [c["candidate_category"] for c in data["candidate_categories"]] == [
        "scolaire",
        "apprenti_habilite",
    ]
    assert {s["company"] for s in data["supervisions"]} == {"Télécom Saône Services"}
    assert data["account"] is None
    assert {e["record"] for e in data["audit_trail"]} == {
        "learners.learner",
        "learners.categoryperiod",
        "companies.supervision",
    }


def test_the_export_of_a_learner_with_a_login_includes_the_account(demo):
    data = export_person(demo.learners["bernard"], by=demo.users["responsable"])
    assert data["account"]["username"] == "apprenant"
    assert data["account"]["roles"] == [{"training_centre": demo.centre.name, "role": "learner"}]


def test_erasing_anonymises_the_person_and_keeps_the_legal_records(demo):
    bernard = demo.learners["bernard"]
    periods = list(bernard.category_periods.values_list("candidate_category", "start"))
    erase_person(bernard, by=demo.users["responsable"], on=ON)
    bernard.refresh_from_db()
    assert bernard.first_name == "Anonyme" and bernard.last_name == f"Personne {bernard.pk}"
    assert bernard.birth_date is None
    assert bernard.ine == bernard.email == bernard.phone == bernard.street == ""
    assert bernard.erased_on == ON
    # kept: the cohort, the category history (it decided the exam forms), the supervision
    assert bernard.cohort == demo.second_year
    assert list(bernard.category_periods.values_list("candidate_category", "start")) == periods
    assert bernard.supervisions.count() == 1
    # an apprentice of an accredited CFA sat E4 and E6 in CCF: file kept one year after 2027
    assert bernard.ccf_file_kept_until == date(2028, 12, 31)


def test_erasing_removes_personal_values_from_the_history(demo):
    bernard = demo.learners["bernard"]
    erase_person(bernard, by=demo.users["responsable"], on=ON)
    creation = history_of(bernard).first()
    assert creation.after["last_name"] == REDACTED
    assert creation.after["birth_date"] == REDACTED
    assert creation.after["cohort_id"] == demo.second_year.pk
    assert creation.redacted
    erasure = history_of(bernard).last()
    assert erasure.before["first_name"] == REDACTED
    assert erasure.after["erased_on"] == "2026-11-02"


def test_erasing_closes_the_persons_login(demo):
    account = demo.users["apprenant"]
    erase_person(demo.learners["bernard"], by=demo.users["responsable"], on=ON)
    account.refresh_from_db()
    assert not account.is_active
    assert not account.has_usable_password()
    assert account.username == f"efface-{account.pk}" and account.email == ""
    assert not Membership.objects.filter(user=account).exists()


def test_an_erased_person_no_longer_appears_in_lists(demo):
    erase_person(demo.learners["bernard"], by=demo.users["responsable"], on=ON)
    assert "Bernard" not in {x.last_name for x in visible_learners(demo.users["responsable"])}


def test_a_candidate_who_sat_every_exam_in_final_form_has_no_ccf_file_to_keep(db):
    from tests import factories

    cohort = factories.cohort(factories.centre(), session=2028)
    # A trainee of a non-accredited centre (column C of Annexe II c) sits no CCF.
    trainee = factories.learner(cohort, category="fpc_non_habilite")
    erase_person(trainee, by=factories.administrator(), on=ON)
    assert trainee.ccf_file_kept_until is None


def test_only_the_training_manager_erases_and_only_once(demo):
    bernard = demo.learners["bernard"]
    for login in ("apprenant", "enseignant", "examens", "maitre"):
        with pytest.raises(PermissionDenied):
            erase_person(bernard, by=demo.users[login], on=ON)
    erase_person(bernard, by=demo.users["responsable"], on=ON)
    with pytest.raises(ValidationError, match="déjà été effacées"):
        erase_person(bernard, by=demo.users["admin"], on=ON)


def test_the_export_includes_the_records_of_every_area_about_the_learner(
    demo, during_the_internships
):
    from ndrc.assessments.demo import create_demo_assessments
    from ndrc.contracts.demo import create_demo_alternance
    from ndrc.portfolio.demo import create_portfolio_demo

    create_demo_alternance(demo)
    create_portfolio_demo(demo)
    create_demo_assessments(demo)
    bernard = demo.learners["bernard"]

    data = export_person(bernard, by=demo.users["responsable"])

    records = data["records"]
    assert [c["employer_id"] for c in records["contracts.contract"]] == [
        c.employer_id for c in bernard.contracts.all()
    ]
    sheets = records["portfolio.activitysheet"]
    assert {s["title"] for s in sheets} == {s.title for s in bernard.activity_sheets.all()}
    # A sheet carries its own records (its tags to the critères).
    assert any(s["records"].get("portfolio.criteriontag") for s in sheets)
    assert len(records["assessments.assessmentsituation"]) == bernard.assessment_situations.count()
    # The audit trail covers them too: the contract's creation is in it.
    assert "contracts.contract" in {e["record"] for e in data["audit_trail"]}
    json.dumps(data)  # everything is JSON-able


def test_the_export_holds_what_the_login_holds_as_erasure_finds_it(demo):
    """The records keyed by the login (a notice, an API token, the digest preference), its open
    sessions and the uploads waiting for import that name the person: what erasure deletes or
    redacts is in the export first. A token is listed without its secret."""
    from ndrc.api.models import ApiToken
    from tests.learners.test_erasure_leaves_nothing import _give_his_login_records

    bernard = demo.learners["bernard"]
    _give_his_login_records(demo, bernard)
    data = export_person(bernard, by=demo.users["responsable"])
    text = json.dumps(data)
    login = data["login_records"]
    assert [n["text"] for n in login["timetable.notice"]] == [
        "Lucas, votre séance du 4/11 est déplacée."
    ]
    [token] = login["api.apitoken"]
    assert token["name"] == "Téléphone de Lucas" and token["prefix"]
    assert "key_hash" not in token
    assert ApiToken.objects.get(user=bernard.user).key_hash not in text
    assert [p["weekly_digest"] for p in login["followup.digestpreference"]] == [False]
    assert data["sessions"]["open"] == 1
    [upload] = data["pending_imports"]
    assert upload["filename"] == "inscrits.csv" and upload["kind"] == "learners"
    assert upload["lines"] == [{"Nom": "Bernard", "Prénom": "Lucas", "INE": bernard.ine}]
    # Only the learner's own: another learner's export holds neither.
    other = export_person(demo.learners["moreau"], by=demo.users["responsable"])
    assert other["pending_imports"] == [] and other["login_records"] == {}
    assert other["sessions"]["open"] == 0


def test_no_credential_is_ever_exported():
    """Every field that holds a credential (a token's hash, a feed's token, a signing secret)
    is named in the export's list of secrets, so that a new one is not exported unnoticed."""
    from django.apps import apps

    from ndrc.learners.personal_data import SECRET_FIELDS

    credential = ("token", "hash", "secret", "password")
    found = {
        field.name
        for model in apps.get_models()
        if model._meta.app_label not in ("auth", "sessions", "admin", "django_tasks_database")
        for field in model._meta.concrete_fields
        if any(word in field.name for word in credential)
    }
    assert found and found <= set(SECRET_FIELDS)
