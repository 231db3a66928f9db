"""The JSON API: token authentication, the same permissions as the pages, the engine read-only."""

import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from ndrc.api.models import ApiToken, hash_token
from ndrc.core.selectors import history_of


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def token_for(user):
    return ApiToken.issue(user=user, now=timezone.now())[1]


def read_version(client, url, user):
    """The `version` of a record as a client reads it before changing it."""
    return client.get(url, headers=bearer(token_for(user))).json()["version"]


def test_create_token_prints_the_token_once_and_stores_only_its_hash(demo, client):
    out, err = io.StringIO(), io.StringIO()
    call_command("create-token", "tuteur", "--name", "tableur", stdout=out, stderr=err)
    token = out.getvalue().strip()
    record = ApiToken.objects.get(user=demo.users["tuteur"])
    assert record.key_hash == hash_token(token) != token
    assert record.prefix == token[:8]
    assert "ne sera plus affiché" in err.getvalue()
    entry = history_of(record).get()
    assert "key_hash" not in entry.after
    response = client.get("/api/learners", headers=bearer(token))
    assert sorted(r["last_name"] for r in response.json()) == ["Durand", "Leroy", "Morel"]
    assert ApiToken.objects.get(pk=record.pk).last_used_at is not None


def test_create_token_for_an_unknown_user_fails_in_french(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=r"Utilisateur « personne » introuvable\."):
        call_command("create-token", "personne")


def test_a_wrong_or_revoked_token_or_an_inactive_user_gets_401(demo, client):
    assert client.get("/api/cohorts", headers=bearer("pas-un-jeton")).status_code == 401
    record, token = ApiToken.issue(user=demo.users["responsable"], now=timezone.now())
    assert client.get("/api/cohorts", headers=bearer(token)).status_code == 200
    ApiToken.objects.filter(pk=record.pk).update(revoked_at=timezone.now())
    assert client.get("/api/cohorts", headers=bearer(token)).status_code == 401
    other = token_for(demo.users["examens"])
    type(demo.users["examens"]).objects.filter(username="examens").update(is_active=False)
    assert client.get("/api/cohorts", headers=bearer(other)).status_code == 401


def test_a_session_cookie_does_not_open_the_api(demo, client):
    client.force_login(demo.users["responsable"])
    assert client.get("/api/cohorts").status_code == 401


def test_a_learner_sees_only_themself_through_the_api(demo, client):
    token = token_for(demo.users["apprenant"])
    learners = client.get("/api/learners", headers=bearer(token)).json()
    assert [(r["last_name"], r["companies"]) for r in learners] == [
        ("Bernard", ["Rhône Distribution"])
    ]
    assert client.get("/api/cohorts", headers=bearer(token)).json() == []
    petit = demo.learners["petit"].pk
    response = client.get(f"/api/learners/{petit}", headers=bearer(token))
    assert (response.status_code, response.json()) == (
        404,
        {"detail": "Enregistrement introuvable."},
    )


def test_a_master_reads_the_company_side_only(demo, client):
    token = token_for(demo.users["maitre"])
    record = client.get(
        f"/api/learners/{demo.learners['bernard'].pk}", headers=bearer(token)
    ).json()
    assert record["last_name"] == "Bernard"
    assert record["candidate_category"] == "apprenti_habilite"
    assert record["identifiers"] is None
    assert record["accommodation"] is None
    assert record["guardian"] == {"name": "", "email": "", "phone": ""}


def test_the_exam_office_reads_identifiers(demo, client):
    token = token_for(demo.users["examens"])
    bernard = demo.learners["bernard"]
    record = client.get(f"/api/learners/{bernard.pk}", headers=bearer(token)).json()
    assert record["identifiers"]["ine"] == bernard.ine


def test_a_cohort_lists_its_learners_with_status_and_company(demo, client):
    token = token_for(demo.users["enseignant"])
    cohort = client.get(f"/api/cohorts/{demo.second_year.pk}", headers=bearer(token)).json()
    assert cohort["exam_session"] == 2027
    moreau = next(r for r in cohort["learners"] if r["last_name"] == "Moreau")
    assert moreau["candidate_category"] == "apprenti_habilite"
    assert moreau["supervisors"] == ["Antoine Perrin"]


def test_an_update_through_the_api_is_audited_with_its_origin(demo, client):
    manager, bernard = demo.users["responsable"], demo.learners["bernard"]
    version = read_version(client, f"/api/learners/{bernard.pk}", manager)
    response = client.patch(
        f"/api/learners/{bernard.pk}",
        data={"city": "Villeurbanne", "postal_code": "69100", "version": version},
        content_type="application/json",
        headers=bearer(token_for(manager)),
    )
    assert response.status_code == 200
    assert response.json()["identifiers"]["city"] == "Villeurbanne"
    entry = history_of(bernard).last()
    assert entry.actor == manager and entry.request_user == manager
    assert entry.origin == f"API PATCH /api/learners/{bernard.pk}"
    assert entry.after == {"city": "Villeurbanne", "postal_code": "69100"}


def test_invalid_input_gets_422_with_french_messages_by_field_and_changes_nothing(demo, client):
    rhone = demo.companies["rhone"]
    version = read_version(client, f"/api/companies/{rhone.pk}", demo.users["responsable"])
    response = client.patch(
        f"/api/companies/{rhone.pk}",
        data={"siret": "41234567000018", "city": "Paris", "version": version},
        content_type="application/json",
        headers=bearer(token_for(demo.users["responsable"])),
    )
    assert response.status_code == 422
    assert "clé de Luhn" in response.json()["detail"]["siret"][0]
    rhone.refresh_from_db()
    assert rhone.city == "Lyon"


def test_a_minor_created_without_guardian_is_refused(demo, client):
    response = client.post(
        "/api/learners",
        data={
            "cohort_id": demo.first_year.pk,
            "first_name": "Léna",
            "last_name": "Morin",
            "birth_date": "2010-01-15",
            "candidate_category": "scolaire",
        },
        content_type="application/json",
        headers=bearer(token_for(demo.users["responsable"])),
    )
    assert response.status_code == 422
    assert response.json()["detail"] == {
        "guardian_name": ["Apprenant mineur : le représentant légal est obligatoire."]
    }


def test_deliberate_answers_like_the_command_line(db, client):
    record = {
        "id": "c1",
        "session": 2026,
        "category": "scolaire",
        "grades": {
            "U1": 8,
            "U2": 12.5,
            "U3": 10,
            "U4": 11,
            "U5": {"written": 7, "practical": 13},
            "U6": 14,
        },
    }
    response = client.post("/api/deliberate", data=[record], content_type="application/json")
    assert response.status_code == 200
    (result,) = response.json()
    # As in the simulator's browser test: (24 + 37.5 + 30 + 55 + 40 + 42) / 21 = 10.88…: admitted.
    assert result["id"] == "c1"
    assert result["decision"] == "admitted"
    assert result["average"].startswith("10.88")


def test_deliberate_names_the_record_and_field_at_fault(db, client):
    bad = {"id": "c2", "session": 2026, "category": "scolaire", "grades": {"U1": 21}}
    response = client.post("/api/deliberate", data=[bad], content_type="application/json")
    assert response.status_code == 422
    assert "c2" in response.json()["detail"] and "U1" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[{", "JSON invalide à la ligne 1, colonne 3 : nom de champ entre guillemets attendu."),
        ("[1 2]", "JSON invalide à la ligne 1, colonne 4 : « , » attendu."),
        ("", "JSON invalide à la ligne 1, colonne 1 : valeur attendue."),
        ("[] x", "JSON invalide à la ligne 1, colonne 4 : données après la fin du JSON."),
        (b"[\xff]", "Le corps de la requête n'est pas encodé en UTF-8."),
        (
            "[" * 100_000 + "]" * 100_000,
            "JSON trop profondément imbriqué : des enregistrements plats sont attendus.",
        ),
    ],
)
def test_deliberate_answers_400_in_french_to_a_body_that_is_not_json(db, client, body, message):
    """Issue 10, hole 9: a body that is not records (not JSON, or nested too deep) is a bad
    request (400), told in French; a record at fault stays 422 (above)."""
    response = client.post("/api/deliberate", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": message}


def test_exams_of_a_category(db, client):
    response = client.get("/api/exams?category=scolaire&session=2026")
    assert response.status_code == 200
    assert {exam["exam"] for exam in response.json()} >= {"E1", "E4", "E6"}
    response = client.get("/api/exams?category=inconnue")
    assert response.status_code == 422
    assert "catégorie de candidat inconnue" in response.json()["detail"]


def test_the_openapi_documentation_is_served(db, client):
    assert client.get("/api/docs").status_code == 200
    schema = json.loads(client.get("/api/openapi.json").content)
    assert "/api/learners/{learner_id}" in schema["paths"]
    assert "/api/deliberate" in schema["paths"]


def test_the_openapi_schema_lists_what_deliberate_and_the_changes_answer(db, client):
    paths = json.loads(client.get("/api/openapi.json").content)["paths"]
    assert set(paths["/api/deliberate"]["post"]["responses"]) == {"200", "400", "413", "422"}
    for kind, key in (
        ("cohorts", "cohort_id"),
        ("learners", "learner_id"),
        ("companies", "company_id"),
    ):
        assert set(paths[f"/api/{kind}/{{{key}}}"]["patch"]["responses"]) == {"200", "409"}


def test_type_errors_get_422_in_french_naming_each_field_and_create_nothing(demo, client):
    from ndrc.learners.models import Cohort

    before = Cohort.objects.count()
    response = client.post(
        "/api/cohorts",
        data={"training_centre_id": "abc", "first_year_start": "2026-13-01", "exam_session": 2.5},
        content_type="application/json",
        headers=bearer(token_for(demo.users["responsable"])),
    )
    assert response.status_code == 422
    assert response.json()["detail"] == {
        "training_centre_id": ["Le champ « training_centre_id » doit être un nombre entier."],
        "name": ["Le champ « name » est obligatoire."],
        "first_year_start": [
            "Le champ « first_year_start » doit être une date valide au format AAAA-MM-JJ."
        ],
        "exam_session": [
            "Le champ « exam_session » doit être un nombre entier (sans partie décimale)."
        ],
    }
    assert Cohort.objects.count() == before


def test_a_bad_date_or_boolean_in_a_patch_is_refused_in_french_and_changes_nothing(demo, client):
    bernard = demo.learners["bernard"]
    version = read_version(client, f"/api/learners/{bernard.pk}", demo.users["responsable"])
    response = client.patch(
        f"/api/learners/{bernard.pk}",
        data={
            "birth_date": "17/05/2005",
            "extra_time": "peut-être",
            "city": "Villeurbanne",
            "version": version,
        },
        content_type="application/json",
        headers=bearer(token_for(demo.users["responsable"])),
    )
    assert response.status_code == 422
    assert response.json()["detail"] == {
        "birth_date": ["Le champ « birth_date » doit être une date valide au format AAAA-MM-JJ."],
        "extra_time": ["Le champ « extra_time » doit valoir true ou false."],
    }
    bernard.refresh_from_db()
    assert bernard.city != "Villeurbanne"


def test_bad_query_parameters_are_named_in_french(db, client):
    response = client.get("/api/exams?session=deux-mille&extra_time=oui-non")
    assert response.status_code == 422
    assert response.json()["detail"] == {
        "category": ["Le champ « category » est obligatoire."],
        "extra_time": ["Le champ « extra_time » doit valoir true ou false."],
        "session": ["Le champ « session » doit être un nombre entier."],
    }


def test_an_id_that_is_not_a_number_is_refused_in_french(demo, client):
    response = client.get("/api/learners/abc", headers=bearer(token_for(demo.users["admin"])))
    assert response.status_code == 422
    assert response.json()["detail"] == {
        "learner_id": ["Le champ « learner_id » doit être un nombre entier."]
    }


def test_a_body_that_is_not_json_or_a_missing_token_is_answered_in_french(demo, client):
    rhone = demo.companies["rhone"]
    response = client.patch(
        f"/api/companies/{rhone.pk}",
        data='{"city": "Paris"',
        content_type="application/json",
        headers=bearer(token_for(demo.users["responsable"])),
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Corps de la requête illisible : un JSON valide est attendu."
    }
    rhone.refresh_from_db()
    assert rhone.city == "Lyon"
    response = client.get("/api/cohorts")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Authentification requise")


def test_a_framework_outside_the_installed_list_is_refused_and_nothing_created(demo, client):
    """Issue 10, hole 9: a path or a long text as `framework` is refused, naming the field."""
    from ndrc.learners.models import Cohort

    before = Cohort.objects.count()
    cohort = {"training_centre_id": demo.first_year.training_centre_id, "name": "Essai"}
    cohort |= {"first_year_start": "2026-09-01", "exam_session": 2028}
    for framework in ("/etc", "../../../etc", "x" * 5000):
        response = client.post(
            "/api/cohorts",
            data={**cohort, "framework": framework},
            content_type="application/json",
            headers=bearer(token_for(demo.users["responsable"])),
        )
        assert response.status_code == 422
        (message, *_) = response.json()["detail"]["framework"]
        assert "référentiels installés : bts_ndrc_2018, bts_nrc_2003" in message
        assert "/work" not in message and "/src" not in message
    assert Cohort.objects.count() == before


@pytest.mark.parametrize("session", [0, 9999, 2025, 2030])
def test_an_exam_session_out_of_the_cohorts_years_is_refused(demo, client, session):
    """Issue 10, hole 7: a session of 9999 or 0 was accepted, then every CCF page failed."""
    cohort = demo.first_year  # began on 1 September 2026
    version = read_version(client, f"/api/cohorts/{cohort.pk}", demo.users["responsable"])
    response = client.patch(
        f"/api/cohorts/{cohort.pk}",
        data={"exam_session": session, "version": version},
        content_type="application/json",
        headers=bearer(token_for(demo.users["responsable"])),
    )
    assert response.status_code == 422
    assert response.json()["detail"] == {
        "exam_session": [
            f"Session d'examen {session} impossible pour une promotion commencée en 2026 : "
            "une session de 2026 à 2029 est attendue."
        ]
    }
    cohort.refresh_from_db()
    assert cohort.exam_session == 2028


@pytest.mark.parametrize(
    ("birth_date", "message"),
    [
        ("9999-12-31", "Date de naissance 31/12/9999 dans le futur"),
        ("0001-01-01", "Date de naissance 01/01/1 invraisemblable (antérieure au 01/01/1900)."),
    ],
)
def test_a_birth_date_out_of_range_is_refused_naming_the_field(demo, client, birth_date, message):
    """Issue 10, hole 7: 9999-12-31 failed with a 500 (the age of majority, year 10017);
    0001-01-01 was accepted."""
    response = client.post(
        "/api/learners",
        data={
            "cohort_id": demo.first_year.pk,
            "first_name": "Léna",
            "last_name": "Morin",
            "birth_date": birth_date,
            "candidate_category": "scolaire",
        },
        content_type="application/json",
        headers=bearer(token_for(demo.users["responsable"])),
    )
    assert response.status_code == 422
    (error,) = response.json()["detail"]["birth_date"]
    assert error.startswith(message)
    assert not demo.first_year.learners.filter(last_name="Morin").exists()


@pytest.mark.parametrize("name", ["Mo\x00rin", "Mo\x01rin", "Mo\x1b[31mrin", "Morin\n"])
def test_a_control_character_in_a_name_is_refused_naming_the_field(demo, client, name):
    """Issue 10, hole 5: a control character in a name made every XLSX export of the cohort
    fail (and NUL breaks PostgreSQL)."""
    bernard = demo.learners["bernard"]
    version = read_version(client, f"/api/learners/{bernard.pk}", demo.users["responsable"])
    response = client.patch(
        f"/api/learners/{bernard.pk}",
        data={"last_name": name, "city": "Villeurbanne", "version": version},
        content_type="application/json",
        headers=bearer(token_for(demo.users["responsable"])),
    )
    assert response.status_code == 422
    (error,) = response.json()["detail"]["last_name"]
    assert error.startswith("Caractère de contrôle interdit (code ")
    bernard.refresh_from_db()
    assert (bernard.last_name, bernard.city) == ("Bernard", "Lyon")


def test_deliberate_answers_oversized_json_in_french(db, client):
    """Issue 10, hole 9: an oversized body failed with Django's English page (deeply nested
    JSON, with a 500: above)."""
    record = {"id": "x" * 1000, "session": 2026, "category": "scolaire"}
    response = client.post(
        "/api/deliberate", data=json.dumps([record] * 3000), content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json() == {"detail": "Corps de la requête trop volumineux : 2560 Ko au plus."}


# Found by the fuzzing (tests/api/test_fuzz.py): each of these answered 500.


def test_a_cohort_filter_beyond_the_databases_integers_is_refused_in_french(demo, client):
    headers = bearer(token_for(demo.users["responsable"]))
    response = client.get(f"/api/learners?cohort={'9' * 40}", headers=headers)
    assert response.status_code == 422
    assert response.json()["detail"] == {
        "cohort": ["Le champ « cohort » doit être inférieur ou égal à 9223372036854775807."]
    }
    second_year = demo.second_year.pk
    response = client.get(f"/api/learners?cohort={second_year}", headers=headers)
    assert response.status_code == 200
    assert {row["cohort_id"] for row in response.json()} == {second_year}
