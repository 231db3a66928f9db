"""Without a contract yet: the L. 6222-12-1 deadline on the pages and alerts as it approaches.
The funnel counts each step by source and by week. The board's queries do not grow."""

from datetime import date

from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ndrc.admissions import alerts, selectors, services
from ndrc.admissions.models import DeadlineAlert, InterviewDecision, Source, Stage
from ndrc.jobs.models import Job, State
from tests.admissions.conftest import ON, at


def admitted(applicant, manager, **fields):
    application = applicant(**fields)
    services.move_application(application=application, stage=Stage.ACCEPTED, by=manager, now=at(ON))
    return application


def test_the_deadline_is_shown_with_its_article_and_alerts_as_it_approaches(
    applicant, manager, manager_client
):
    application = admitted(applicant, manager)
    # Cycle from 07/09/2026: without an employer until 06/12/2026.
    rows = selectors.without_contract(manager, on=date(2026, 10, 1))
    assert [(r.result.deadline, r.result.days_left, r.alert) for r in rows] == [
        (date(2026, 12, 6), 66, "")
    ]
    assert selectors.without_contract(manager, on=date(2026, 11, 10))[0].alert == "warn"  # 26 days
    assert selectors.without_contract(manager, on=date(2026, 12, 1))[0].alert == "bad"  # 5 days
    page = manager_client.get(reverse("admissions:application", args=[application.pk]))
    text = page.content.decode()
    assert 'data-deadline="2026-12-06"' in text and "L. 6222-12-1" in text


def test_a_thirty_year_old_with_a_rqth_may_start_without_a_contract(applicant, manager):
    admitted(applicant, manager, birth_date=date(1995, 1, 20), has_recognised_disability=True)
    admitted(applicant, manager, birth_date=date(1995, 1, 20), email="b@example.fr")
    by_disability = {
        row.application.has_recognised_disability: row.result.allowed
        for row in selectors.without_contract(manager, on=date(2026, 10, 1))
    }
    assert by_disability == {True: True, False: False}


def test_the_daily_job_alerts_each_threshold_once(
    applicant, manager, django_capture_on_commit_callbacks
):
    manager.email = "responsable@example.fr"
    manager.save()
    admitted(applicant, manager)
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts.send_deadline_alerts(on=date(2026, 10, 1)) == 0  # 66 days: no alert
        assert alerts.send_deadline_alerts(on=date(2026, 11, 10)) == 1  # 26 days: the 30-day one
        assert alerts.send_deadline_alerts(on=date(2026, 11, 11)) == 0  # already said
        assert alerts.send_deadline_alerts(on=date(2026, 11, 25)) == 1  # 11 days: the 14-day one
    assert len(mail.outbox) == 2
    assert mail.outbox[0].to == ["responsable@example.fr"]
    assert "Maëlle Fontaine" in mail.outbox[0].body and "06/12/2026" in mail.outbox[0].body
    assert sorted(DeadlineAlert.objects.values_list("days_before", flat=True)) == [14, 30]


def test_the_alert_reads_in_the_recipients_language(
    applicant, manager, settings, django_capture_on_commit_callbacks
):
    from django.utils import translation

    manager.email = "responsable@example.fr"
    manager.save()
    admitted(applicant, manager)
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        # Sent while a page reads in English: the e-mail is in French, its readers' language.
        alerts.send_deadline_alerts(on=date(2026, 11, 10))
        settings.LANGUAGE_CODE = "en"  # a centre whose users read English
        alerts.send_deadline_alerts(on=date(2026, 11, 25))
    french, english = mail.outbox
    assert french.subject == "Candidats sans contrat : 1 échéance proche"
    line = "- Maëlle Fontaine (BTS NDRC en apprentissage) : jusqu'au 06/12/2026 (26 jours)"
    assert line in french.body
    assert english.subject == "Candidates without a contract: 1 deadline near"
    assert english.body.startswith("Hello,\n\nThese candidates follow or will follow")
    line = "- Maëlle Fontaine (BTS NDRC en apprentissage): until 06/12/2026 (11 days)"
    assert line in english.body
    assert "The full list is in ndrc, Admissions > Without a contract." in english.body


def test_the_alert_command_queues_the_job_and_refuses_a_bad_date(
    applicant, manager, capsys, django_capture_on_commit_callbacks
):
    manager.email = "responsable@example.fr"
    manager.save()
    admitted(applicant, manager)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("admissions-alerts", "--on", "2026-11-10")
    # The tests' backend runs a job at once; a worker does it in production.
    assert "1 candidat(s) signalé(s) au 10/11/2026" in capsys.readouterr().out
    job = Job.objects.get()
    assert (job.state, job.started_by, job.message) == (
        State.DONE,
        None,
        "1 candidat(s) signalé(s) au 10/11/2026.",
    )
    assert [m.to for m in mail.outbox] == [["responsable@example.fr"]]
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--on : date AAAA-MM-JJ attendue"):
        call_command("admissions-alerts", "--on", "10/11/2026")


def test_the_funnel_counts_each_step_by_source_and_by_week(applicant, manager, manager_client):
    monday = date(2026, 6, 15)
    form = applicant(source=Source.FORM, day=monday)
    parcoursup = applicant(source=Source.PARCOURSUP, day=date(2026, 6, 17), email="p@example.fr")
    applicant(source=Source.PARCOURSUP, day=date(2026, 6, 23), email="q@example.fr")
    services.record_interview(
        application=form,
        held_on=date(2026, 6, 22),
        levels={},
        decision=InterviewDecision.FAVOURABLE,
        reasons="Bien.",
        by=manager,
        now=at(date(2026, 6, 22)),
        on=date(2026, 6, 22),
    )
    for application in (form, parcoursup):
        services.move_application(
            application=application, stage=Stage.ACCEPTED, by=manager, now=at(date(2026, 6, 24))
        )
    funnel = selectors.funnel(manager)
    assert funnel.weeks == (date(2026, 6, 15), date(2026, 6, 22))
    assert funnel.by_week(date(2026, 6, 15))["applications"] == 2
    assert funnel.by_week(date(2026, 6, 22)) == {
        "applications": 1, "interviews": 1, "acceptances": 2, "contracts": 0, "enrolments": 0,
    }  # fmt: skip
    assert funnel.by_source(Source.PARCOURSUP)["applications"] == 2
    assert funnel.by_source(Source.FORM)["acceptances"] == 1
    page = manager_client.get(reverse("admissions:funnel")).content.decode()
    assert '<svg role="img"' in page and "<title" in page
    assert "style=" not in page.split("<main>")[1]
    assert "22/06/2026" in page


def test_the_board_reads_a_constant_number_of_queries(applicant, manager, manager_client):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert manager_client.get(reverse("admissions:board")).status_code == 200
        return len(queries)

    for index in range(3):
        admitted(applicant, manager, email=f"a{index}@example.fr")
    few = count()
    for index in range(3, 30):
        admitted(applicant, manager, email=f"a{index}@example.fr")
    assert count() == few


def test_the_dashboard_shows_the_admissions_panel_to_the_training_manager(
    applicant, manager, manager_client
):
    admitted(applicant, manager)
    page = manager_client.get("/").content.decode()
    assert 'data-panel="admissions"' in page
    assert "sans contrat, période terminée" in page or "sans contrat," in page
