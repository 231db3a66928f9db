"""The livret scolaire (`school_record`, the selector the exam session's jury reads) and the
progress on the compétences, on the demo population's teaching year."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ndrc.gradebook import services
from ndrc.gradebook.models import Period
from ndrc.gradebook.selectors import competence_progress, school_record
from tests.gradebook.conftest import assessment, marks


def test_the_livret_gives_each_unit_per_year_with_the_class_average(klass):
    arnaud = klass.learners[0]
    marks(klass, assessment(klass, "Automne", day=date(2026, 10, 1)), "16", "10", "")
    marks(klass, assessment(klass, "Printemps", day=date(2027, 3, 4), weight="3"), "12", "14", "")
    record = school_record(arnaud)
    u4 = next(row for row in record.rows if row.code == "U4")
    assert [row.code for row in record.rows] == [
        "U1",
        "U2",
        "U3",
        "U4",
        "U5",
        "U6",
        "UF1",
        "atelier",
    ]
    assert u4.coefficient == 5 and u4.teachers == ["Paul Girard"]
    first_year = u4.years[0]
    assert [p.period.name for p in first_year.periods] == [
        "Semestre 1 2026-2027",
        "Semestre 2 2026-2027",
    ]
    # Year: (1×16 + 3×12) / 4 = 13 for Arnaud, (10 + 3×14)/4 = 13 for Blanc; class mean 13.
    assert first_year.average.shown == Decimal("13.00") and first_year.class_mean == Decimal(
        "13.00"
    )
    # Semester 1: 16 (Arnaud), class (16 + 10)/2 = 13; semester 2: 12, class (12 + 14)/2 = 13.
    assert first_year.periods[0].average.shown == Decimal("16.00")
    assert first_year.periods[1].class_mean == Decimal("13.00")


def test_the_livret_gives_the_teaching_teams_opinion_and_the_class_distribution(year):
    cohort = year.second_year
    second_year = Period.objects.get(name="Semestre 1 2026-2027")
    referent = year.users["enseignant"]
    for key, opinion in (
        ("bernard", "very_favourable"),
        ("petit", "very_favourable"),
        ("garcia", "must_prove"),
    ):
        services.write_report(
            learner=year.learners[key],
            period=second_year,
            changes={"exam_opinion": opinion},
            by=referent,
        )
    record = school_record(year.learners["bernard"])
    assert record.opinion == "very_favourable" and record.opinion_label == "Très favorable"
    shares = {share.code: (share.count, share.percent) for share in record.opinions}
    # 15 learners: 2 very favourable = 13 %, 1 must prove = 7 %.
    assert shares == {
        "very_favourable": (2, Decimal(13)),
        "favourable": (0, Decimal(0)),
        "must_prove": (1, Decimal(7)),
    }
    assert record.class_size == cohort.learners.count() == 15
    # The learner reads the opinion only once the council's bulletins are published.
    assert school_record(year.learners["bernard"], published_only=True).opinion == ""
    assert record.is_training_record  # an apprentice: livret de formation


def test_the_opinion_for_the_exam_is_given_in_the_second_year(klass):
    services.set_referent(cohort=klass.cohort, teacher=klass.teacher, by=klass.manager)
    with pytest.raises(ValidationError) as error:
        services.write_report(
            learner=klass.learners[0],
            period=klass.semester,
            changes={"exam_opinion": "favourable"},
            by=klass.teacher,
        )
    assert "deuxième année" in str(error.value)


def test_a_units_appreciation_is_written_by_one_of_its_teachers(klass):
    services.write_record_appreciation(
        learner=klass.learners[0], unit="U4", text="Très à l'aise en négociation.", by=klass.teacher
    )
    assert school_record(klass.learners[0]).rows[3].appreciation == "Très à l'aise en négociation."
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.write_record_appreciation(
            learner=klass.learners[0], unit="U1", text="?", by=klass.teacher
        )


def test_progress_on_the_competences_draws_on_marks_ccf_grids_and_sheets(year):
    from ndrc.assessments.demo import create_demo_assessments
    from ndrc.portfolio.demo import create_portfolio_demo

    create_demo_assessments(year)
    create_portfolio_demo(year)
    blocks = competence_progress(
        year.learners["bernard"], published_only=True, on=date(2026, 12, 5)
    )
    bc01 = blocks[0]
    c1 = next(c for c in bc01.competences if c.code == "BC01-C1")
    texts = " ".join(step.text for step in c1.level.explanation)
    assert "Prospection téléphonique" in texts  # a mark of an assessment tagged BC01-C1
    assert "CCF E4 — Situation A" in texts  # the confirmed grid of his E4 situation A
    assert "Fiche « " in texts  # a validated activity sheet
    assert c1.level.level is not None
    assert blocks[1].level.level is None  # BC02: nothing assesses it yet
    # The unpublished RCNV negotiation (3 December) is not counted for the learner.
    c2 = next(c for c in bc01.competences if c.code == "BC01-C2")
    assert "traitement des objections" not in " ".join(s.text for s in c2.level.explanation)


def test_the_livret_page_saves_an_appreciation_and_the_observations_as_typed(klass, client):
    arnaud = klass.learners[0]
    services.set_referent(cohort=klass.cohort, teacher=klass.teacher, by=klass.manager)
    client.force_login(klass.teacher)
    page = client.get(f"/notes/apprenants/{arnaud.pk}/livret/").content.decode()
    assert 'id="record-U4"' in page and 'id="record-U1"' not in page  # only their own lines
    # Each text is posted with the version the page gave it.
    version = lambda key: re.search(rf'id="version-{key}" value="([^"]+)"', page)[1]  # noqa: E731
    saved = client.post(
        f"/notes/apprenants/{arnaud.pk}/livret/U4/",
        {"text": "Prometteur.", "version": version("U4")},
    )
    assert saved.status_code == 200 and "Enregistré" in saved.content.decode()
    other = {"text": "?", "version": version("U4")}
    assert client.post(f"/notes/apprenants/{arnaud.pk}/livret/U1/", other).status_code == 403
    client.post(
        f"/notes/apprenants/{arnaud.pk}/livret/observations/",
        {"text": "Assidu.", "version": version("observations")},
    )
    record = school_record(arnaud)
    assert record.rows[3].appreciation == "Prometteur." and record.observations == "Assidu."
