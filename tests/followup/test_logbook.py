"""The apprenticeship logbook: the apprentice writes what they did in each period in the
company, the master appreciates and validates, the referent teacher comments; a period left
empty beyond the centre's delay is flagged."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ndrc.core.selectors import history_of
from ndrc.followup import selectors, services
from ndrc.followup.models import LogbookEntry
from tests.followup.conftest import ON, logbook_of

pytestmark = pytest.mark.django_db


def test_a_logbook_has_one_period_per_month_of_the_contract(followup):
    periods = list(logbook_of(followup, "robert").periods.all())
    # Hugo Robert's contract: 25/08/2025 to 24/08/2027, i.e. 25 months cut to its dates.
    assert len(periods) == 25
    assert (periods[0].start, periods[0].end) == (date(2025, 8, 25), date(2025, 8, 31))
    assert (periods[-1].start, periods[-1].end) == (date(2027, 8, 1), date(2027, 8, 24))


def test_the_apprentice_writes_the_master_validates_the_referent_comments(followup):
    users = followup.users
    logbook = logbook_of(followup, "bernard")
    entry = services.add_entry(
        logbook=logbook, day=date(2026, 12, 3), title="Relance des devis",
        activities=["P1-A2"], competences=["BC01-C2"], on=ON, by=users["apprenant"],
    )  # fmt: skip
    period = entry.period
    assert (period.start, period.end) == (date(2026, 12, 1), date(2026, 12, 31))
    services.validate_period(period=period, appreciation="Bon mois.", on=ON, by=users["maitre"])
    period.refresh_from_db()
    assert period.validated_by == followup.contacts["laurent"] and period.validated_on == ON
    services.comment_period(period=period, comment="Bien.", on=ON, by=users["enseignant"])
    # Every step is in the audit trail, with who did it.
    actors = {e.actor.username for e in history_of(period).filter(action="update")}
    assert actors == {"maitre", "enseignant"}
    # A validated period is closed to the apprentice.
    with pytest.raises(ValidationError, match="validée par le maître"):
        services.add_entry(
            logbook=logbook, day=date(2026, 12, 4), title="Encore", on=ON, by=users["apprenant"]
        )
    with pytest.raises(ValidationError, match="validée"):
        services.delete_entry(entry=entry, by=users["apprenant"])


def test_each_writes_only_their_part(followup):
    users = followup.users
    logbook = logbook_of(followup, "bernard")
    period = logbook.periods.get(start=date(2026, 11, 1))
    with pytest.raises(PermissionDenied):
        services.validate_period(period=period, appreciation="Moi", on=ON, by=users["apprenant"])
    with pytest.raises(PermissionDenied):
        services.add_entry(logbook=logbook, day=ON, title="Pas moi", on=ON, by=users["maitre"])
    with pytest.raises(PermissionDenied):  # the referent comments, the manager does not
        services.comment_period(period=period, comment="?", on=ON, by=users["responsable"])


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"day": date(2026, 12, 5)}, "day", "date future"),
        ({"day": date(2025, 8, 29)}, "day", "pendant le contrat"),
        ({"title": "  "}, "title", "Indiquez l'activité"),
        ({"title": "Prospection\x00"}, "title", "Caractère de contrôle"),
        ({"activities": ["P9-A9"]}, "activities", "P9-A9"),
        ({"competences": ["BC04-C1"]}, "competences", "BC04-C1"),
    ],
)
def test_a_wrong_entry_is_refused_naming_the_field_and_nothing_is_written(
    followup, fields, field, message
):
    before = LogbookEntry.objects.count()
    values = {"day": date(2026, 12, 3), "title": "Prospection", **fields}
    with pytest.raises(ValidationError) as error:
        services.add_entry(
            logbook=logbook_of(followup, "bernard"), on=ON, by=followup.users["apprenant"],
            **values,
        )  # fmt: skip
    assert message in " ".join(error.value.message_dict[field])
    assert LogbookEntry.objects.count() == before


def test_another_learners_sheet_cannot_be_linked(followup):
    from ndrc.portfolio.models import ActivitySheet

    other = ActivitySheet.objects.exclude(learner=followup.learners["bernard"]).first()
    with pytest.raises(ValidationError, match="pas celle de l'apprenti"):
        services.add_entry(
            logbook=logbook_of(followup, "bernard"), day=ON, title="Fiche", activity_sheet=other,
            on=ON, by=followup.users["apprenant"],
        )  # fmt: skip


def test_periods_left_empty_beyond_the_centres_delay_are_flagged(followup):
    page = selectors.logbook_page(logbook_of(followup, "petit"), on=ON)
    # Emma Petit wrote nothing from September 2026: with 15 days of delay, September and
    # October are flagged on 4 December; November (ended 4 days ago) is empty but not yet.
    assert [str(s.period) for s in page.flagged] == [
        "01/09/2026 – 30/09/2026",
        "01/10/2026 – 31/10/2026",
    ]
    november = next(s for s in page.periods if s.period.start == date(2026, 11, 1))
    assert november.state == "empty" and not november.flagged
    services.update_settings(
        training_centre=followup.centre, changes={"logbook_delay_days": 3},
        by=followup.users["responsable"],
    )  # fmt: skip
    page = selectors.logbook_page(logbook_of(followup, "petit"), on=ON)
    assert len(page.flagged) == 3


def test_periods_to_act_on_and_their_centres_delay_are_read_in_two_queries(followup):
    """The periods to act on (an apprentice's dashboard, the master's and referent's pages) and
    their centres' delays: the periods, then their centres' settings (none without periods)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    own = selectors.Logbook.objects.filter(pk=logbook_of(followup, "petit").pk)  # left empty
    with CaptureQueriesContext(connection) as queries:
        flagged = [s for s in selectors._periods_of(own, on=ON) if s.flagged]
    assert flagged and len(queries) == 2
    assert selectors._periods_of(selectors.Logbook.objects.none(), on=ON) == []


def test_the_centre_delay_is_range_checked(followup):
    with pytest.raises(ValidationError) as error:
        services.update_settings(
            training_centre=followup.centre, changes={"visits_per_year": 1},
            by=followup.users["responsable"],
        )  # fmt: skip
    assert "visits_per_year" in error.value.message_dict


def test_opening_a_logbook_for_a_contract_not_named_by_a_number_is_404(followup, today, client):
    # The same reading of a posted id as the forms' fuzzing found failing elsewhere (500).
    client.force_login(followup.users["responsable"])
    url = f"/suivi/apprenant/{followup.learners['bernard'].pk}/livret/ouvrir/"
    for contract in ("", "abc", "9" * 40):
        assert client.post(url, {"contract": contract}).status_code == 404, contract
