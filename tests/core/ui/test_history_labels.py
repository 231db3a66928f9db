"""A record's history names every field in French, links to other records included."""

import re


def test_a_learners_history_names_the_fields_in_french(demo, client):
    client.force_login(demo.users["responsable"])
    page = client.get(f"/apprenants/{demo.learners['moreau'].pk}/").text
    history = page.split("Historique des modifications")[-1]
    fields = set(re.findall(r"<strong>([^<]+)</strong> :", history))
    # The learner's creation, their category periods and their supervisions.
    assert {"promotion", "apprenant", "encadrant", "statut du candidat", "date de naissance"} <= (
        fields
    )
    assert not fields & {"cohort", "learner", "contact", "user", "training centre"}


def test_a_history_reads_each_kind_of_record_once_not_each_entry(demo, django_assert_num_queries):
    """The logbook's history lists many entries of a few kinds of record (periods, activities):
    the kinds are read from Django's cache of content types, not once an entry."""
    from django.contrib.contenttypes.models import ContentType

    from ndrc.core.selectors import history_of
    from ndrc.core.ui.history import history_rows
    from ndrc.learners.models import CategoryPeriod, Learner

    learners = list(Learner.objects.filter(cohort=demo.second_year))
    periods = list(CategoryPeriod.objects.filter(learner__in=learners))
    entries = list(history_of(*learners, *periods))
    assert len(entries) > 20
    for model in (Learner, CategoryPeriod):
        ContentType.objects.get_for_model(model)  # cached, as any page has them
    with django_assert_num_queries(0):
        rows = history_rows(entries)
    assert {row.record for row in rows} == {"apprenant", "période de statut"}
