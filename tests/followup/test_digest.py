"""The weekly digest lists exactly what awaits each master and referent teacher; each person
can turn it off; it is sent in one batch, all or nothing."""

import pytest
from django.core import mail
from django.core.management import call_command

from ndrc.followup import services
from ndrc.followup.digest import digest_for, recipients
from tests.followup.conftest import ON

pytestmark = pytest.mark.django_db


def _lines(digest):
    return {section.title: [item.text for item in section.items] for section in digest.sections}


def test_the_masters_digest_lists_exactly_what_is_due(followup):
    digest = digest_for(followup.users["maitre"], on=ON)
    assert _lines(digest) == {
        "Livret d'apprentissage : périodes à valider": [
            "Arthur André : période du 01/11/2026 – 30/11/2026 (2 activités notées)",
            "Lucas Bernard : période du 01/11/2026 – 30/11/2026 (2 activités notées)",
            # enrolled by the admissions' demo, apprentice of Sophie Laurent since September
            "Yanis Morin : période du 01/11/2026 – 30/11/2026 (2 activités notées)",
        ],
        "Livret d'apprentissage : périodes restées vides": [
            "Emma Petit : période du 01/09/2026 – 30/09/2026 sans activité",
            "Emma Petit : période du 01/10/2026 – 31/10/2026 sans activité",
        ],
        "Comptes rendus de visite à contresigner": [
            "Lucas Bernard : visite du 10/11/2026 (Paul Girard)",
            "Emma Petit : visite du 24/11/2026 (Paul Girard)",
        ],
        "Entretiens tripartites": [
            "Lucas Bernard : entretien du 10/11/2026 — votre appréciation à donner"
        ],
        "Fiches d'activité à attester": [
            "Lucas Bernard (E4) : « Dégustation des nouveautés de printemps en magasin »",
            "Lucas Bernard (E6) : « Implantation de la gamme bio chez trois franchisés »",
        ],
    }
    assert digest.subject == "ndrc — ce qui vous attend cette semaine (au 04/12/2026)"
    assert "http://127.0.0.1:8000/suivi/notifications/" in digest.body


def test_the_referents_digest_lists_exactly_what_is_due(followup):
    lines = _lines(digest_for(followup.users["enseignante"], on=ON))
    assert lines == {
        "Visites de suivi en retard": ["Louise Lefèvre : 1 visite en retard (0 réalisées sur 2)"],
        "Visites à prévoir": [
            "Arthur André : 1 visite à faire, la prochaine avant le 31/08/2027",
            "Tom Lambert : 2 visites à faire, la prochaine avant le 02/03/2027",
            "Noah Legrand : 2 visites à faire, la prochaine avant le 02/03/2027",
            "Yanis Morin : 2 visites à faire, la prochaine avant le 02/03/2027",
        ],
        "Comptes rendus de visite à écrire": ["Louise Lefèvre : visite prévue le 26/11/2026"],
        # Sophie Laurent validated September and October; Hélène Roux has not commented.
        "Livrets à commenter": [
            "Arthur André : période du 01/09/2026 – 30/09/2026, validée par le maître "
            "d'apprentissage",
            "Arthur André : période du 01/10/2026 – 31/10/2026, validée par le maître "
            "d'apprentissage",
            "Yanis Morin : période du 01/09/2026 – 30/09/2026, validée par le maître "
            "d'apprentissage",
            "Yanis Morin : période du 01/10/2026 – 31/10/2026, validée par le maître "
            "d'apprentissage",
        ],
    }
    paul = _lines(digest_for(followup.users["enseignant"], on=ON))
    assert paul["Livrets à commenter"] == [
        "Lucas Bernard : période du 01/10/2026 – 31/10/2026, validée par le maître d'apprentissage"
    ]
    assert paul["Vos visites des sept prochains jours"] == [
        "10/12/2026 : Hugo Robert — Visioconférence"
    ]
    assert paul["Apprentis à risque"][0].startswith("Emma Petit : Livret vide")


def test_turning_the_digest_off_and_sending_the_others(followup, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    users = followup.users
    assert [u.username for u in recipients(on=ON)] == ["enseignant", "enseignante", "maitre"]
    services.set_digest_preference(
        user=users["enseignante"], weekly_digest=False, by=users["enseignante"]
    )
    progress = []
    sent = services.send_weekly_digests(
        on=ON, progress=lambda done, total: progress.append((done, total))
    )
    assert sent == 2 and progress == [(1, 2), (2, 2)]
    assert sorted(message.to[0] for message in mail.outbox) == [
        "enseignant@example.fr", "maitre@example.fr",
    ]  # fmt: skip


def test_the_digest_reads_in_english_and_is_sent_in_the_recipients_language(followup, settings):
    from django.utils import translation

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with translation.override("en"):
        digest = digest_for(followup.users["enseignante"], on=ON)
        lines = _lines(digest)
        assert lines["Overdue follow-up visits"] == [
            "Louise Lefèvre: 1 visit overdue (0 done out of 2)"
        ]
        assert lines["Visits to plan"][0] == (
            "Arthur André: 1 visit to make, the next one before 31/08/2027"
        )
        assert digest.subject == "ndrc — what awaits you this week (as of 04/12/2026)"
        assert digest.body.startswith("Hello Hélène Roux,\n")
        assert "To stop receiving this digest: http://" in digest.body
        # Sent from a page or a job in English: the e-mails still read in French, the
        # language of the recipients (no one chooses another for e-mails).
        services.send_weekly_digests(on=ON)
    teacher = next(m for m in mail.outbox if m.to == ["enseignante@example.fr"])
    assert teacher.subject == "ndrc — ce qui vous attend cette semaine (au 04/12/2026)"
    assert "Louise Lefèvre : 1 visite en retard (0 réalisées sur 2)" in teacher.body


def test_nobody_else_turns_ones_digest_off(followup):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.set_digest_preference(
            user=followup.users["maitre"], weekly_digest=False, by=followup.users["enseignant"]
        )


def test_the_notifications_page_turns_it_off(followup, client_of, today):
    client = client_of(followup.users["maitre"])
    assert client.post("/suivi/notifications/", {}).status_code == 302
    assert [u.username for u in recipients(on=ON)] == ["enseignant", "enseignante"]


def test_the_command_sends_the_digests_as_a_background_job(followup, settings, capsys):
    from ndrc.jobs.models import Job, State

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("followup-digest", "--on", "2026-12-04")  # tests: jobs run at once
    job = Job.objects.get(kind="weekly_digests")
    assert job.state == State.DONE and job.started_by is None
    assert job.message == "3 récapitulatif(s) hebdomadaire(s) envoyé(s) au 04/12/2026."
    assert f"Tâche n° {job.pk} (Terminée) : {job.message}" in capsys.readouterr().out
    assert len(mail.outbox) == 3
    # An administrator follows it among their jobs; a training manager does not see it.
    from ndrc.jobs.selectors import jobs_for

    assert job in jobs_for(followup.users["admin"])
    assert job not in jobs_for(followup.users["responsable"])


def test_the_command_sends_them_itself_and_refuses_a_bad_date(followup, settings, capsys):
    from ndrc.jobs.models import Job

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("followup-digest", "--on", "2026-12-04", "--sur-place")
    assert "3 récapitulatifs envoyés au 04/12/2026." in capsys.readouterr().out
    assert len(mail.outbox) == 3 and not Job.objects.exists()
    with pytest.raises(SystemExit) as exit_:
        call_command("followup-digest", "--on", "04/12/2026")
    assert exit_.value.code == 2
