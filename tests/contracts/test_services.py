"""Contracts and internship agreements are written through services that apply the engine."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ndrc.contracts import selectors, services
from ndrc.contracts.demo import ANNEX, CLAUSES
from ndrc.contracts.models import Contract, InternshipAgreement
from ndrc.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _agreement(alternance, learner, *, host="optique", tutor="dubois", start, end, by=None):
    return services.create_agreement(
        learner=alternance.learners[learner],
        host=alternance.companies[host],
        tutor=alternance.contacts[tutor],
        start=start,
        end=end,
        clauses=CLAUSES,
        pedagogical_annex=ANNEX,
        by=by or alternance.users["responsable"],
    )


def test_a_fourth_intern_at_a_host_of_18_employees_is_refused_with_the_reason(alternance):
    with pytest.raises(ValidationError) as error:
        _agreement(alternance, "vincent", start=date(2026, 2, 2), end=date(2026, 2, 13))
    text = " ".join(error.value.messages)
    assert "4 stagiaire(s) la même semaine pour 3 autorisé(s) : quota dépassé" in text
    assert "limite dépassée" in text  # Marc Dubois would tutor a 4th intern at once
    assert not InternshipAgreement.objects.filter(learner=alternance.learners["vincent"]).exists()


def test_the_same_intern_after_the_others_left_is_accepted_and_audited(alternance):
    agreement = _agreement(alternance, "vincent", start=date(2026, 3, 2), end=date(2026, 3, 27))
    entry = AuditEntry.objects.get(
        object_id=str(agreement.pk), action="create", content_type__model="internshipagreement"
    )
    assert entry.actor == alternance.users["responsable"]


def test_a_tutor_takes_three_interns_at_once_not_four(alternance):
    # Julie Fabre (Mutuelle, 95 employees: quota 15) takes 3 interns at once, not 4.
    for key in ("vincent", "fournier", "simon"):
        _agreement(
            alternance,
            key,
            host="assur",
            tutor="fabre",
            start=date(2026, 3, 2),
            end=date(2026, 3, 27),
        )
    with pytest.raises(ValidationError, match="4 stagiaire\\(s\\) confiés simultanément"):
        _agreement(
            alternance,
            "garcia",
            host="assur",
            tutor="fabre",
            start=date(2026, 3, 16),
            end=date(2026, 4, 10),
        )


def test_more_than_six_months_with_one_host_in_a_school_year_is_refused(alternance):
    # 925 h > 924 h: from 07/09/2026, 26 weeks of 35 h = 910 h are allowed, 27 weeks are not.
    _agreement(
        alternance,
        "fournier",
        host="assur",
        tutor="fabre",
        start=date(2026, 9, 7),
        end=date(2027, 3, 5),
    )
    with pytest.raises(ValidationError, match="plafond de 6 mois dépassé"):
        _agreement(
            alternance,
            "fournier",
            host="assur",
            tutor="fabre",
            start=date(2027, 3, 8),
            end=date(2027, 3, 12),
        )


def test_a_student_keeps_four_weeks_of_summer_rest(alternance):
    with pytest.raises(ValidationError, match="repos estival insuffisant"):
        _agreement(
            alternance,
            "vincent",
            host="sport",
            tutor="chevalier",
            start=date(2026, 7, 6),
            end=date(2026, 8, 7),
        )


def test_an_agreement_needs_every_clause_of_annexe_iii_b(alternance):
    clauses = dict(CLAUSES, insurance=" ")
    with pytest.raises(ValidationError) as error:
        services.create_agreement(
            learner=alternance.learners["vincent"],
            host=alternance.companies["assur"],
            tutor=alternance.contacts["fabre"],
            start=date(2026, 3, 2),
            end=date(2026, 3, 27),
            clauses=clauses,
            pedagogical_annex=ANNEX,
            by=alternance.users["responsable"],
        )
    assert "couverture en matière d'accident" in error.value.message_dict["clauses"][0]


def test_a_tutor_cannot_create_an_agreement(alternance):
    with pytest.raises(PermissionDenied):
        _agreement(
            alternance,
            "durand",
            host="optique",
            tutor="dubois",
            start=date(2026, 3, 2),
            end=date(2026, 3, 27),
            by=alternance.users["tuteur"],
        )


def test_a_thirty_year_old_apprentice_without_exception_is_refused(alternance):
    # Jules Bertrand, born 05/12/1995, is 30 on 01/09/2026.
    with pytest.raises(ValidationError, match="au-delà de 29 ans révolus"):
        services.create_contract(
            learner=alternance.learners["bertrand"],
            kind="apprenticeship",
            employer=alternance.companies["rhone"],
            apprenticeship_master=alternance.contacts["laurent"],
            start=date(2026, 9, 1),
            end=date(2027, 8, 31),
            cycle_start=date(2026, 9, 1),
            by=alternance.users["responsable"],
        )


def test_a_late_start_is_a_warning_saved_only_once_confirmed(alternance):
    fields = dict(
        learner=alternance.learners["vincent"],
        kind="apprenticeship",
        employer=alternance.companies["rhone"],
        apprenticeship_master=alternance.contacts["laurent"],
        start=date(2026, 1, 5),
        end=date(2027, 8, 31),
        cycle_start=date(2025, 9, 1),
        by=alternance.users["responsable"],
    )
    with pytest.raises(services.WarningsToConfirm, match="plus de 3 mois après le début du cycle"):
        services.create_contract(**fields)
    contract = services.create_contract(**fields, confirm_warnings=True)
    late = next(check for check in contract.review if check["rule"] == "start_after_cycle")
    assert late["allowed"] is False and late["severity"] == "warning"


def test_the_pay_schedule_of_lucas_bernard_follows_his_age_and_contract_year(alternance):
    contract = Contract.objects.get(learner=alternance.learners["bernard"])
    months = {f"{m.month:%Y-%m}": m for m in selectors.pay_schedule(contract).months}
    # Born 12/04/2005: 20 in 09/2025 (43 %), 21 from 05/2026 (53 %), 2nd year from 09/2026 (61 %).
    assert (months["2025-09"].rate, months["2025-09"].minimum) == (
        Decimal("0.43"),
        Decimal("774.77"),
    )
    assert (months["2026-05"].rate, months["2026-05"].minimum) == (
        Decimal("0.53"),
        Decimal("966.21"),
    )
    assert (months["2026-09"].rate, months["2026-09"].minimum) == (
        Decimal("0.61"),
        Decimal("1112.05"),
    )
    assert len(months) == 24


def test_a_termination_ends_the_pay_schedule_on_its_day(alternance):
    contract = Contract.objects.get(learner=alternance.learners["petit"])
    services.terminate_contract(
        contract=contract,
        on=date(2026, 3, 10),
        cause="mutual_agreement",
        by=alternance.users["responsable"],
    )
    last = selectors.pay_schedule(contract).months[-1]
    # Emma Petit, born 03/07/2005: 20 → 43 %; 774.77... in 2026: 0.43 × 1823.03 = 783.90 × 10/31.
    assert (f"{last.month:%Y-%m}", last.days, last.minimum) == ("2026-03", 10, Decimal("252.87"))


def test_the_stipend_is_due_beyond_308_hours_with_one_host(alternance):
    agreement = InternshipAgreement.objects.get(learner=alternance.learners["michel"])
    (stipend,) = selectors.agreement_stipend(agreement)
    # 04/05 to 03/07/2026: 45 working days × 7 h = 315 h > 308 h; 2026 rate 0.15 × 30 € = 4.50 €.
    assert stipend.stipend_due and stipend.total_hours == Decimal(315)
    assert stipend.total_minimum == Decimal("1417.50")


def test_the_running_total_warns_when_the_dossier_would_be_invalid(alternance):
    progress = selectors.internship_progress(alternance.learners["leroy"], on=date(2026, 9, 1))
    assert progress.certified.total_weeks == 6
    assert progress.invalid_risk is True
    apprentice = selectors.internship_progress(alternance.learners["bernard"], on=date(2026, 9, 1))
    assert apprentice.invalid_risk is False
