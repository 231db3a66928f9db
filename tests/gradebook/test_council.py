"""The class council: the general appreciation and the decision typed in the meeting, saved as
they go; the periods set by the centre."""

import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ndrc.core.selectors import history_of
from ndrc.gradebook import services
from ndrc.gradebook.models import Period, PeriodReport
from tests.forms import form_data


def test_the_referent_types_the_council_learner_by_learner(klass, client):
    services.set_referent(cohort=klass.cohort, teacher=klass.teacher, by=klass.manager)
    arnaud = klass.learners[0]
    client.force_login(klass.teacher)
    page = client.get(f"/notes/promotions/{klass.cohort.pk}/conseil/{klass.semester.pk}/")
    assert page.status_code == 200
    assert f'id="learner-{arnaud.pk}"' in page.content.decode()
    url = f"/notes/promotions/{klass.cohort.pk}/conseil/{klass.semester.pk}/apprenants/{arnaud.pk}/"
    prefix = f"l{arnaud.pk}"
    line = form_data(page.content.decode(), having=f"{prefix}-decision")
    answer = client.post(
        url,
        {
            **line,
            f"{prefix}-general_appreciation": "Bon semestre.",
            f"{prefix}-decision": "compliments",
        },
    )
    assert answer.status_code == 200 and "Enregistré" in answer.content.decode()
    report = PeriodReport.objects.get(learner=arnaud, period=klass.semester)
    assert (report.general_appreciation, report.decision) == ("Bon semestre.", "compliments")
    # Typing on from the page: the answer gave it the line's new version.
    version = re.search(rf'name="{prefix}-version"[^>]*value="([^"]+)"', answer.content.decode())
    client.post(
        url,
        {
            f"{prefix}-version": version[1],
            f"{prefix}-general_appreciation": "Très bon semestre.",
            f"{prefix}-decision": "compliments",
        },
    )
    entries = list(history_of(report))
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[1].after == {"general_appreciation": "Très bon semestre."}
    refused = client.post(url, {**line, f"{prefix}-decision": "admis d'office"})
    assert refused.status_code == 422


def test_a_teacher_who_is_not_the_referent_reads_the_council_but_does_not_write_it(klass):
    with pytest.raises(PermissionDenied):
        services.write_report(
            learner=klass.learners[0],
            period=klass.semester,
            changes={"general_appreciation": "?"},
            by=klass.teacher,
        )


def test_the_centre_sets_semesters_that_do_not_overlap(klass):
    periods = list(Period.objects.filter(training_centre=klass.centre))
    assert [(p.name, p.start, p.end) for p in periods] == [
        ("Semestre 1 2026-2027", date(2026, 9, 1), date(2027, 1, 31)),
        ("Semestre 2 2026-2027", date(2027, 2, 1), date(2027, 8, 31)),
    ]
    with pytest.raises(ValidationError) as error:
        services.create_period(
            training_centre=klass.centre,
            name="Bilan de mi-année",
            start=date(2027, 1, 15),
            end=date(2027, 2, 15),
            by=klass.manager,
        )
    assert "chevauche « Semestre 1 2026-2027 »" in str(error.value)
    with pytest.raises(ValidationError):
        services.create_period(
            training_centre=klass.centre,
            name="Coquille",
            start=date(2206, 9, 1),
            end=date(2207, 1, 31),
            by=klass.manager,
        )
    with pytest.raises(PermissionDenied):
        services.create_period(
            training_centre=klass.centre,
            name="Été",
            start=date(2027, 9, 1),
            end=date(2027, 9, 30),
            by=klass.teacher,
        )


def test_trimesters_when_the_centre_chooses_them(klass):
    services.save_settings(
        training_centre=klass.centre,
        period_kind="trimester",
        share_reports_with_masters=False,
        by=klass.manager,
    )
    created = services.create_school_year(
        training_centre=klass.centre, first_day=date(2027, 9, 1), by=klass.manager
    )
    assert [(p.name, p.start, p.end) for p in created] == [
        ("Trimestre 1 2027-2028", date(2027, 9, 1), date(2027, 11, 30)),
        ("Trimestre 2 2027-2028", date(2027, 12, 1), date(2028, 2, 29)),
        ("Trimestre 3 2027-2028", date(2028, 3, 1), date(2028, 8, 31)),
    ]


def test_the_periods_page_refuses_an_overlap_in_french(klass, client):
    client.force_login(klass.manager)
    answer = client.post(
        "/notes/periodes/",
        {"action": "period", "name": "Chevauchement", "start": "2027-01-10", "end": "2027-02-10"},
    )
    assert answer.status_code == 400
    assert "chevauche" in answer.content.decode()


def test_deleting_a_period_not_named_by_a_number_is_404_not_a_server_error(klass, client):
    # Found by the fuzzing of the forms: an empty `period` answered 500 (ValueError).
    client.force_login(klass.manager)
    for period in ("", "abc", "9" * 40):
        answer = client.post("/notes/periodes/", {"action": "delete", "period": period})
        assert answer.status_code == 404, period
