"""A learner's record reads of the records it lists what it shows (issue 12)."""

from datetime import date

from tests.contracts.test_page_queries import _agreement, _queries


def test_a_learners_record_reads_what_it_shows_of_their_records_and_history(alternance, client):
    """The record lists the learner's contracts, agreements and CCF situations, the documents
    about them, their supervisions and their history: each read with what the page shows (not
    the learner again, nor a situation's observations, nor a contact's or a company's details,
    nor who was logged in when an entry was made), the history's names intact."""
    from ndrc.assessments.services import plan_situation

    learner = alternance.learners["bernard"]
    manager = alternance.users["responsable"]
    for situation, day in (("A", date(2027, 3, 1)), ("B", date(2027, 3, 8))):
        plan_situation(
            learner=learner, exam="E4", situation=situation, date=day, by=manager, place="B12"
        )
    _agreement(alternance, "bernard", date(2027, 1, 11), date(2027, 2, 19))
    client.force_login(manager)
    path = f"/apprenants/{learner.pk}/"
    queries = _queries(client, path)
    page = client.get(path).text
    assert "E4 — Situation A (01/03/2027)" in page and "Contrat d&#x27;apprentissage" in page
    assert "stage chez Optique Bellecour" in page
    assert "<strong>date de naissance</strong> : " in page.split('id="historique"')[1]

    def columns(table: str) -> list[str]:
        return [q[: q.index(" FROM ")] for q in queries if q.startswith(f'SELECT "{table}"."id"')]

    (situations,) = columns("assessments_assessmentsituation")
    assert '"situation"' in situations and '"observations"' not in situations
    assert '"learners_learner"' not in situations and '"core_trainingcentre"' not in situations
    for table in ("contracts_contract", "contracts_internshipagreement"):
        (read,) = columns(table)
        assert '"learners_learner"' not in read and '"clauses"' not in read
    # The documents about them: one condition a kind of record (not one a record), and of a
    # document what its link shows.
    (documents,) = [q for q in queries if q.startswith('SELECT "documents_generateddocument"')]
    assert documents.count('"subject_type_id" =') == 3  # contracts, agreements, situations
    assert '"sources"' not in documents[: documents.index(" FROM ")]
    (supervisions,) = columns("companies_supervision")
    assert '"companies_company"."name"' in supervisions and '"email"' not in supervisions
    (history,) = columns("core_auditentry")
    assert '"request_user_id"' not in history and "django_content_type" not in history
