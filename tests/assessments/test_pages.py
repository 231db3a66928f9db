"""The CCF pages: a teacher fills the grid and proposes the grade; who sees what; the grid PDF."""

import io
from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from ndrc.assessments import services
from ndrc.assessments.models import EvaluationDocument, Status
from ndrc.assessments.selectors import grid_of
from ndrc.learners import services as learner_services
from ndrc.regulation.framework import load_framework


def _login(client, demo, login):
    client.force_login(demo.users[login])
    return client


def test_the_teacher_rates_a_critere_with_htmx_and_gets_the_row_back(client, ccf):
    situation = ccf.situations[("durand", "E4", "A")]
    row = next(r for r in grid_of(situation) if r.competence == "BC01-C4")
    _login(client, ccf, "enseignant")
    response = client.post(
        reverse("assessments:rate", args=[situation.pk, row.code]),
        {"level": "very_satisfactory"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="row-{row.code}"' in html and 'value="very_satisfactory" selected' in html


def test_a_grade_of_21_typed_in_the_page_is_refused_in_french(client, ccf):
    situation = ccf.situations[("durand", "E4", "A")]
    _login(client, ccf, "enseignant")
    for row in grid_of(situation):
        if row.competence == "BC01-C4":
            client.post(
                reverse("assessments:rate", args=[situation.pk, row.code]),
                {"level": "insufficient"},
            )
    response = client.post(
        reverse("assessments:action", args=[situation.pk, "note"]), {"grade": "21"}
    )
    assert response.status_code == 400
    assert "La note 21 n&#x27;est pas comprise entre 0 et 20" in response.content.decode()
    response = client.post(
        reverse("assessments:action", args=[situation.pk, "note"]), {"grade": "9,5"}
    )
    assert response.status_code == 302
    situation.refresh_from_db()
    assert (situation.grade, situation.status) == (Decimal("9.5"), Status.GRADE_PROPOSED)


def test_the_tutor_in_the_commission_sees_the_situation_but_not_the_grade_and_cannot_grade(
    client, ccf
):
    situation = ccf.situations[("bernard", "E4", "A")]
    _login(client, ccf, "maitre")
    page = client.get(reverse("assessments:situation", args=[situation.pk]))
    assert page.status_code == 200
    assert "14,5" not in page.content.decode() and "Proposer la note" not in page.content.decode()
    assert client.post(reverse("assessments:grid_pdf", args=[situation.pk])).status_code == 403
    response = client.post(
        reverse("assessments:action", args=[situation.pk, "note"]), {"grade": "15"}
    )
    assert response.status_code == 403


def test_a_tutor_outside_the_commission_does_not_reach_the_situation(client, ccf):
    situation = ccf.situations[("durand", "E4", "A")]  # the tutor supervises Durand
    _login(client, ccf, "tuteur")
    assert client.get(reverse("assessments:situation", args=[situation.pk])).status_code == 404


def test_the_learner_sees_the_confirmed_grade_only_once_the_results_are_published(client, ccf):
    from tests.factories import published_results

    _login(client, ccf, "apprenant")
    confirmed = ccf.situations[("bernard", "E4", "A")]
    # A confirmed CCF grade is a proposal to the jury: hidden until the results are published.
    page = client.get(reverse("assessments:my_results")).content.decode()
    assert "14,5 / 20" not in page and page.count("pas encore communiquée") == 3
    assert client.post(reverse("assessments:grid_pdf", args=[confirmed.pk])).status_code == 403
    published_results(ccf.learners["bernard"], office=ccf.users["examens"])
    page = client.get(reverse("assessments:my_results")).content.decode()
    assert "14,5 / 20" in page
    assert page.count("pas encore communiquée") == 2  # E6 A and B, planned
    # A proposed but unconfirmed grade stays hidden from the learner.
    situation = ccf.situations[("bernard", "E6", "B")]
    assert client.get(reverse("assessments:situation", args=[situation.pk])).status_code == 200
    confirmed = ccf.situations[("bernard", "E4", "A")]
    response = client.post(reverse("assessments:grid_pdf", args=[confirmed.pk]), follow=True)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client.post(reverse("assessments:grid_pdf", args=[situation.pk])).status_code == 403


def test_the_learner_does_not_see_another_learners_situation(client, ccf):
    _login(client, ccf, "apprenant")
    other = ccf.situations[("durand", "E4", "A")]
    assert client.get(reverse("assessments:situation", args=[other.pk])).status_code == 404


def test_the_cohort_plan_shows_each_learners_situations(client, ccf):
    _login(client, ccf, "responsable")
    page = client.get(reverse("assessments:cohort", args=[ccf.second_year.pk])).content.decode()
    assert "Bernard" in page and "Note confirmée" in page and "Prévue" in page
    assert "Planifier" in page


def test_the_grid_pdf_contains_the_criteres_and_the_grade(client, ccf):
    situation = ccf.situations[("bernard", "E4", "A")]
    _login(client, ccf, "enseignant")
    response = client.post(reverse("assessments:grid_pdf", args=[situation.pk]), follow=True)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = b"".join(response.streaming_content)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    block = load_framework().skill_blocks["BC01"]
    for criterion in block.performance_criteria:
        assert " ".join(criterion.text.split()) in text, criterion.code
    assert "14,5 / 20" in text
    assert "note confirmée par la commission, proposée au jury" in text
    assert "Lucas Bernard" in text and "Sophie Laurent" in text


def _pdf_upload(name="bilan.pdf", content=b"%PDF-1.4 bilan de l'entreprise"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_a_document_of_the_evaluation_file_is_downloaded_only_by_who_sees_the_grades(client, ccf):
    situation = ccf.situations[("bernard", "E4", "A")]  # grade confirmed; Laurent sits as associate
    _login(client, ccf, "responsable")
    response = client.post(
        reverse("assessments:action", args=[situation.pk, "document"]),
        {"title": "Bilan de l'entreprise", "file": _pdf_upload()},
    )
    assert response.status_code == 302
    document = situation.documents.get()
    url = reverse("assessments:evaluation_document", args=[document.pk])
    page = client.get(reverse("assessments:situation", args=[situation.pk])).content.decode()
    assert f'href="{url}"' in page  # the page links to the checked download, not to the file
    # The learner reads it once the results of their session are published (not yet).
    expected = {"responsable": 200, "enseignant": 200, "apprenant": 403, "maitre": 403}
    expected |= {"tuteur": 404, "enseignante": 404}
    got = {}
    for login in expected:
        _login(client, ccf, login)
        response = client.get(url)
        got[login] = response.status_code
        if response.status_code == 200:
            assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert got == expected


def test_a_file_that_is_not_a_document_is_refused_from_the_evaluation_file(client, ccf):
    situation = ccf.situations[("bernard", "E4", "A")]
    _login(client, ccf, "responsable")
    for upload in (
        _pdf_upload("page.html", b"<script>alert(1)</script>"),
        _pdf_upload("faux.pdf", b"MZ\x90\x00 not a pdf"),
    ):
        response = client.post(
            reverse("assessments:action", args=[situation.pk, "document"]),
            {"title": "Pièce", "file": upload},
        )
        assert response.status_code == 400
        assert f"« {upload.name} »" in response.content.decode()
    assert not situation.documents.exists()


def test_the_stored_grid_pdf_is_not_a_way_round_the_grades_permission(client, ccf):
    from ndrc.assessments.services import grid_document

    proposed = ccf.situations[("bernard", "E6", "B")]  # not confirmed: hidden from the learner
    confirmed = ccf.situations[("bernard", "E4", "A")]  # Laurent sits as associate
    hidden = grid_document(situation=proposed, by=ccf.users["enseignant"])
    graded = grid_document(situation=confirmed, by=ccf.users["enseignant"])
    _login(client, ccf, "apprenant")
    assert client.get(reverse("documents:download", args=[hidden.pk])).status_code == 403
    assert client.get(reverse("documents:download", args=[graded.pk])).status_code == 403
    from tests.factories import published_results

    published_results(ccf.learners["bernard"], office=ccf.users["examens"])
    assert client.get(reverse("documents:download", args=[hidden.pk])).status_code == 403
    response = client.get(reverse("documents:download", args=[graded.pk]))
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    _login(client, ccf, "maitre")
    assert client.get(reverse("documents:download", args=[graded.pk])).status_code == 403


def test_the_grid_pdf_is_made_by_a_post_that_stores_it_once_and_redirects_to_its_download(
    client, ccf
):
    from ndrc.core.models import AuditEntry
    from ndrc.documents.selectors import documents_about

    situation = ccf.situations[("bernard", "E4", "A")]
    _login(client, ccf, "enseignant")
    url = reverse("assessments:grid_pdf", args=[situation.pk])
    page = client.get(reverse("assessments:situation", args=[situation.pk])).content.decode()
    assert f'<form method="post" action="{url}">' in page  # a button, not a link
    audit_before = AuditEntry.objects.count()
    assert client.get(url).status_code == 405  # a GET neither generates nor audits
    assert not documents_about(situation).exists()
    assert AuditEntry.objects.count() == audit_before
    response = client.post(url)
    document = documents_about(situation).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:download", args=[document.pk])


def test_a_teacher_never_reads_the_ine_in_a_grid_pdf(client, ccf):
    # The INE is an identifier teachers may not see (docs/records.md); the stored grid is read by
    # everyone who reads the grade, so no grid holds it, whoever had it made.
    from ndrc.assessments.services import grid_document

    situation = ccf.situations[("bernard", "E4", "A")]
    ine = situation.learner.ine
    assert ine
    by_manager = grid_document(situation=situation, by=ccf.users["responsable"])
    _login(client, ccf, "enseignant")
    made_by_teacher = client.post(reverse("assessments:grid_pdf", args=[situation.pk]), follow=True)
    stored = client.get(reverse("documents:download", args=[by_manager.pk]))
    for response in (made_by_teacher, stored):
        assert response.status_code == 200
        pdf = b"".join(response.streaming_content)
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        assert "Lucas Bernard" in text
        assert ine not in text and "INE" not in text


def _plan_page(client, cohort) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("assessments:cohort", args=[cohort.pk]))
    assert page.status_code == 200
    return len(captured.captured_queries), page.content.decode()


def test_the_cohort_plan_reads_the_same_few_queries_for_more_situations(client, ccf):
    _login(client, ccf, "responsable")
    before, html = _plan_page(client, ccf.second_year)
    assert "10/02/2027" not in html
    plan = services.plan_for_cohort(
        cohort=ccf.second_year,
        exam="E4",
        situation="B",
        date=date(2027, 2, 10),
        by=ccf.users["responsable"],
    )
    assert len(plan.created) > 5
    queries, html = _plan_page(client, ccf.second_year)
    assert queries <= before and queries <= 8
    # Each learner's new situation: its day, linking to it, and its status.
    for situation in plan.created:
        link = reverse("assessments:situation", args=[situation.pk])
        cell = f'<td><a href="{link}">10/02/2027</a><br><span class="muted">Prévue</span></td>'
        assert cell in html


def test_the_cohort_plan_reads_the_same_queries_for_more_learners_and_teachers(client, ccf):
    """A learner more is a row more, a teacher of the cohort a box more in the planning form:
    neither a query more."""
    cohort = ccf.second_year
    _login(client, ccf, "responsable")
    before, html = _plan_page(client, cohort)
    assert "Nouvel1 Inscrit" not in html
    for day in (1, 2, 3):
        learner = learner_services.create_learner(
            cohort=cohort, first_name=f"Nouvel{day}", last_name="Inscrit",
            birth_date=date(2005, 1, day), category="scolaire",
            category_start=cohort.first_year_start, on=date(2026, 1, 10), by=ccf.users["admin"],
        )  # fmt: skip
        services.plan_situation(
            learner=learner, exam="E4", situation="A", date=date(2027, 1, day),
            by=ccf.users["responsable"],
        )  # fmt: skip
    roux = ccf.users["enseignante"]
    learner_services.assign_teacher(
        teacher=roux, cohort=cohort, subject="U3", by=ccf.users["admin"]
    )
    queries, html = _plan_page(client, cohort)
    assert queries <= before
    assert "Inscrit Nouvel3" in html or "Nouvel3 Inscrit" in html
    assert f'type="checkbox" name="members" value="{roux.pk}"' in html


def _situation_page(client, situation) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("assessments:situation", args=[situation.pk]))
    assert page.status_code == 200
    return len(captured.captured_queries), page.content.decode()


def test_a_situation_reads_the_same_queries_whatever_the_size_of_its_commission(client, ccf):
    situation = ccf.situations[("durand", "E4", "A")]
    _login(client, ccf, "responsable")
    before, html = _situation_page(client, situation)
    assert "Hélène Roux — " not in html  # offered in the list of those who may join
    learner_services.assign_teacher(
        teacher=ccf.users["enseignante"],
        cohort=ccf.second_year,
        subject="U3",
        by=ccf.users["admin"],
    )
    services.add_member(
        situation=situation, user=ccf.users["enseignante"], by=ccf.users["responsable"]
    )
    queries, html = _situation_page(client, situation)
    # The members read once with their ties to the candidate, for the rules and the page.
    assert queries <= before and queries <= 18
    assert "Hélène Roux — " in html


def _relationship_reads(queries) -> int:
    """The reads of the reader's relationships to the candidate: whether they teach the cohort
    (any subject: whether they teach the exam's bloc is another question, who may plan)."""
    return sum(
        q["sql"].startswith('SELECT 1 AS "a" FROM "learners_teacherassignment"')
        and '"subject"' not in q["sql"]
        for q in queries
    )


def test_a_situation_reads_the_readers_relationships_once_whatever_the_cohorts_size(client, ccf):
    situation = ccf.situations[("durand", "E4", "A")]
    path = reverse("assessments:situation", args=[situation.pk])
    # Whether the reader sees it, may change it and sees its grades: one reading of their
    # relationships to the candidate for a teacher, none for the centre's manager (their roles
    # say it).
    for login, reads in (("enseignant", 1), ("responsable", 0)):
        _login(client, ccf, login)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        assert _relationship_reads(captured.captured_queries) == reads
    before, _html = _situation_page(client, situation)
    for day in (1, 2, 3):
        learner = learner_services.create_learner(
            cohort=ccf.second_year, first_name=f"Nouvel{day}", last_name="Inscrit",
            birth_date=date(2005, 1, day), category="scolaire",
            category_start=ccf.second_year.first_year_start, on=date(2026, 1, 10),
            by=ccf.users["admin"],
        )  # fmt: skip
        services.plan_situation(
            learner=learner, exam="E4", situation="A", date=situation.date,
            by=ccf.users["responsable"],
        )  # fmt: skip
    queries, html = _situation_page(client, situation)
    assert queries <= before and queries <= 14
    assert situation.learner.full_name in html


def test_a_situation_reads_the_cohorts_assignments_and_its_members_ties_once(client, ccf):
    """The commission's check and the list of who may join read the cohort's assignments once
    (the members' and the bloc's teachers'), the members' ties (their memberships, their company
    ties with their supervision of the candidate) in one query, and offer whoever is not a
    member from the members read (no second read of the commission), each named, without their
    account."""
    situation = ccf.situations[("durand", "E4", "A")]
    roux = ccf.users["enseignante"]
    learner_services.assign_teacher(
        teacher=roux, cohort=ccf.second_year, subject="U3", by=ccf.users["admin"]
    )
    _login(client, ccf, "responsable")
    _count, html = _situation_page(client, situation)
    assert f'<option value="{roux.pk}">Hélène Roux</option>' in html
    services.add_member(situation=situation, user=roux, by=ccf.users["responsable"])
    with CaptureQueriesContext(connection) as captured:
        html = client.get(reverse("assessments:situation", args=[situation.pk])).text
    queries = [q["sql"] for q in captured.captured_queries]
    assert "Hélène Roux — " in html and f'<option value="{roux.pk}">' not in html
    assert len([q for q in queries if q.startswith('SELECT "learners_teacherassignment"')]) == 1
    # Beside the offer's: their memberships and their supervision of the candidate, together.
    (ties,) = [q for q in queries if '"companies_supervision"' in q and "DISTINCT" not in q]
    assert '"core_membership"' in ties
    assert not [q for q in queries if q.startswith('SELECT "core_membership"."user_id"')]
    # The choices are iterated (on PostgreSQL, through a cursor declared for the query).
    offer = 'SELECT DISTINCT "core_user"'
    (offered,) = [q[q.index(offer) :] for q in queries if offer in q]
    assert "assessments_commissionmember" not in offered
    assert '"password"' not in offered[: offered.index(" FROM ")]


def test_a_member_who_does_not_see_the_grades_is_not_read_the_evaluation_file(client, ccf):
    """The master in the commission sees the situation, not its grades nor its evaluation
    file: the file's keeping (the candidate's latest situation of the exam) is not read for
    them, nor the version of a grade they may not confirm; the manager sees the file kept."""
    situation = ccf.situations[("bernard", "E4", "A")]
    latest = 'SELECT "assessments_assessmentsituation"."date" AS "date"'
    for login, reads in (("maitre", 0), ("responsable", 1)):
        _login(client, ccf, login)
        with CaptureQueriesContext(connection) as captured:
            html = client.get(reverse("assessments:situation", args=[situation.pk])).text
        assert sum(q["sql"].startswith(latest) for q in captured.captured_queries) == reads
        assert ("Tenu à la disposition du jury" in html) == bool(reads)
        assert 'name="seen"' not in html


def test_a_situation_is_read_by_its_id_and_the_rule_says_who_reaches_it(client, ccf):
    """Whoever reaches a situation has a relationship to it that the rule reads: the situation is
    read by its id, with no reach condition to build (the centre's situations, the cohorts
    taught, the commissions sat in); who has none is answered 404 as before."""
    situation = ccf.situations[("durand", "E4", "A")]
    path = reverse("assessments:situation", args=[situation.pk])
    for login in ("responsable", "enseignant"):
        _login(client, ccf, login)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        (read,) = [
            q["sql"]
            for q in captured.captured_queries
            if q["sql"].startswith('SELECT "assessments_assessmentsituation"."id"')
        ]
        where = read[read.index(" WHERE ") :]
        assert "assessments_commissionmember" not in where, login
        assert "learners_teacherassignment" not in where, login
    for login in ("tuteur", "enseignante"):
        _login(client, ccf, login)
        assert client.get(path).status_code == 404, login


def test_a_situation_s_members_are_read_with_their_names_not_their_accounts(client, ccf):
    """The commission's members are read with what the page and its checks show of their
    users, their names: not their accounts (password, e-mail, dates)."""
    situation = ccf.situations[("bernard", "E4", "A")]
    _login(client, ccf, "responsable")
    with CaptureQueriesContext(connection) as captured:
        html = client.get(reverse("assessments:situation", args=[situation.pk])).text
    (members,) = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith('SELECT "assessments_commissionmember"')
    ]
    columns = members[: members.index(" FROM ")]
    assert '"core_user"."last_name"' in columns
    assert '"password"' not in columns and '"email"' not in columns
    for member in situation.commission_members.select_related("user"):
        assert f"{member.user.get_full_name()} — " in html


def test_a_member_s_company_ties_are_read_with_a_join_whatever_their_supervisions(ccf):
    """Whether a member is a company contact, and whether they supervise(d) the candidate, is
    read in one query joining each user to their memberships and, a contact, to the learners of
    their supervisions (no subquery to build): a contact supervising other learners only is not
    involved in the candidate's training; a teacher is no contact."""
    from ndrc.companies.models import Supervision
    from ndrc.core.models import User

    users = list(User.objects.filter(company_contact__isnull=False).order_by("pk"))
    users.append(ccf.users["enseignant"])
    found = set()
    for situation in ccf.situations.values():
        learner = situation.learner
        with CaptureQueriesContext(connection) as captured:
            proposed = services.proposed_members(users, learner, situation.exam)
        (ties,) = [
            q["sql"] for q in captured.captured_queries if '"companies_supervision"' in q["sql"]
        ]
        assert "EXISTS" not in ties and '"core_membership"' in ties
        for user, member in zip(users, proposed, strict=True):
            supervising = Supervision.objects.filter(contact__user=user, learner=learner).exists()
            assert member.involved_in_training == supervising, (user, learner)
            found.add(supervising)
        assert proposed[-1].kind == "teacher"
    assert found == {True, False}


def test_a_contact_is_a_teacher_of_the_commission_only_when_teaching_in_the_candidates_centre(ccf):
    """A company contact's memberships are read with their ties: teaching in the candidate's
    centre makes them a teacher; teaching in another centre, or another role in the candidate's,
    leaves them a professional."""
    from ndrc.core.models import Membership, Role, User
    from tests import factories

    situation = ccf.situations[("durand", "E4", "A")]
    contact = User.objects.filter(company_contact__isnull=False).order_by("pk").first()
    elsewhere = factories.centre(name="Lycée Ailleurs", uai="0751234J")

    def kind() -> str:
        return services.proposed_members([contact], situation.learner, situation.exam)[0].kind

    Membership.objects.create(user=contact, training_centre=elsewhere, role=Role.TEACHER)
    Membership.objects.create(user=contact, training_centre=ccf.centre, role=Role.EXAM_OFFICE)
    assert kind() == "professional"
    Membership.objects.create(user=contact, training_centre=ccf.centre, role=Role.TEACHER)
    assert kind() == "teacher"


def test_the_managers_situation_page_reads_its_members_ties_in_one_query(client, ccf):
    """The manager's page of a situation with a member, rated criteria and documents: the
    login, the situation, its members (passed to the rules), the reader's roles, the ratings,
    the cohort's assignments, the members' ties (their memberships and company ties: one query,
    two before), the file's keeping, who may join and the documents: 10 queries here."""
    situation = ccf.situations[("bernard", "E4", "A")]
    EvaluationDocument.objects.create(
        situation=situation, title="Bilan", file="x.pdf", added_by=ccf.users["responsable"],
        added_at=timezone.now(),
    )  # fmt: skip
    assert situation.commission_members.exists() and situation.ratings.exists()
    _login(client, ccf, "responsable")
    queries, html = _situation_page(client, situation)
    assert "Bilan</a>" in html and 'id="grid-status"' in html
    assert queries <= 10, queries


def test_who_does_not_see_the_grades_is_not_read_the_grid(client, ccf):
    """The master in the commission sees the situation, not its grid: its ratings are not
    read for them; the manager's page reads them."""
    situation = ccf.situations[("bernard", "E4", "A")]
    for login, reads in (("maitre", 0), ("responsable", 1)):
        _login(client, ccf, login)
        with CaptureQueriesContext(connection) as captured:
            html = client.get(reverse("assessments:situation", args=[situation.pk])).text
        ratings = [
            q for q in captured.captured_queries if "assessments_criterionrating" in q["sql"]
        ]
        assert len(ratings) == reads
        assert ('id="grid-status"' in html) == bool(reads)
