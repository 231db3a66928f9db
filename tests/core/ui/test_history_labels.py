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
