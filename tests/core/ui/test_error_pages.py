"""A user who reaches a missing or forbidden page gets a French page that says so."""


def test_a_missing_page_says_so_in_french(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_a_forbidden_action_says_so_in_french(client, demo):
    # A teacher may read the cohort but not import into it (docs/imports.md).
    client.force_login(demo.users["enseignante"])
    response = client.get(f"/imports/promotions/{demo.first_year.pk}/apprenants/")
    assert response.status_code == 403
    assert "Action non autorisée" in response.content.decode()
