"""The weekly digest: what awaits each apprenticeship master and referent teacher, as an
e-mail. `digest_for` reads; `services.send_weekly_digests` sends them all."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse

from ndrc.contracts.models import Contract
from ndrc.followup.models import DigestPreference, Referent
from ndrc.followup.selectors import master_page, teacher_overview


@dataclass(frozen=True)
class DigestItem:
    text: str
    path: str

    @property
    def url(self) -> str:
        return settings.SITE_URL + self.path


@dataclass(frozen=True)
class DigestSection:
    title: str
    items: tuple[DigestItem, ...]


@dataclass(frozen=True)
class Digest:
    user: Any
    on: date
    sections: tuple[DigestSection, ...]

    @property
    def subject(self) -> str:
        return f"ndrc — ce qui vous attend cette semaine (au {self.on:%d/%m/%Y})"

    @property
    def body(self) -> str:
        name = self.user.get_full_name() or self.user.username
        lines = [f"Bonjour {name},", "", "Voici ce qui vous attend dans le suivi des apprentis."]
        for section in self.sections:
            lines += ["", f"{section.title} ({len(section.items)})"]
            lines += [f"- {item.text}\n  {item.url}" for item in section.items]
        lines += [
            "",
            "Pour ne plus recevoir ce récapitulatif : "
            + settings.SITE_URL
            + reverse("followup:notifications"),
        ]
        return "\n".join(lines) + "\n"


def recipients(*, on: date) -> list[Any]:
    """The people a digest may concern on `on`: masters named by a contract running that day,
    and referent teachers; with an e-mail address, who did not turn the digest off."""
    running = Contract.objects.filter(start__lte=on).filter(
        Q(termination_date__gte=on)
        | Q(termination_date__isnull=True, prorogation_end__gte=on)
        | Q(termination_date__isnull=True, prorogation_end__isnull=True, end__gte=on)
    )
    off = DigestPreference.objects.filter(weekly_digest=False).values("user")
    return list(
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .exclude(pk__in=off)
        .filter(
            Q(company_contact__contracts__in=running)
            | Q(pk__in=Referent.objects.filter(learner__erased_on__isnull=True).values("teacher"))
        )
        .distinct()
        .order_by("pk")
    )


def _master_sections(user: Any, on: date) -> list[DigestSection]:
    page = master_page(user, on=on)
    logbook = lambda state: reverse("followup:logbook", args=[state.period.logbook_id])  # noqa: E731
    week = on + timedelta(days=7)
    sections = [
        DigestSection(
            "Livret d'apprentissage : périodes à valider",
            tuple(
                DigestItem(
                    f"{a.learner.full_name} : période du {s.period} "
                    f"({s.entry_count} activité(s) notée(s))",
                    logbook(s),
                )
                for a in page.apprentices
                for s in a.to_validate
            ),
        ),
        DigestSection(
            "Livret d'apprentissage : périodes restées vides",
            tuple(
                DigestItem(
                    f"{a.learner.full_name} : période du {s.period} sans activité", logbook(s)
                )
                for a in page.apprentices
                for s in a.flagged
            ),
        ),
        DigestSection(
            "Comptes rendus de visite à contresigner",
            tuple(
                DigestItem(
                    f"{v.learner.full_name} : visite du {v.held_on:%d/%m/%Y} "
                    f"({v.teacher.get_full_name() or v.teacher.username})",
                    reverse("followup:visit", args=[v.pk]),
                )
                for v in page.to_countersign
            ),
        ),
        DigestSection(
            "Entretiens tripartites",
            tuple(
                DigestItem(
                    f"{m.learner.full_name} : entretien du {(m.held_on or m.planned_on):%d/%m/%Y}"
                    + (" — votre appréciation à donner" if m.held_on else " — prévu"),
                    reverse("followup:meeting", args=[m.pk]),
                )
                for m in page.meetings
                if m.held_on or m.planned_on <= week
            ),
        ),
        DigestSection(
            "Fiches d'activité à attester",
            tuple(
                DigestItem(
                    f"{sheet.learner.full_name} ({sheet.exam}) : « {sheet.title} »",
                    reverse("portfolio:sheet", args=[sheet.pk]),
                )
                for sheet in page.sheets_to_attest
            ),
        ),
    ]
    return sections


def _teacher_sections(user: Any, on: date) -> list[DigestSection]:
    view = teacher_overview(user, on=on)
    learner = lambda person: reverse("followup:learner", args=[person.pk])  # noqa: E731
    return [
        DigestSection(
            "Visites de suivi en retard",
            tuple(
                DigestItem(
                    f"{t.learner.full_name} : {t.late} visite(s) en retard "
                    f"({t.done} réalisée(s) sur {t.required})",
                    learner(t.learner),
                )
                for t in view.tallies
                if t.late
            ),
        ),
        DigestSection(
            "Visites à prévoir",
            tuple(
                DigestItem(
                    f"{t.learner.full_name} : {t.due} visite(s) à faire"
                    + (
                        f", la prochaine avant le {t.next_deadline:%d/%m/%Y}"
                        if t.next_deadline
                        else ""
                    ),
                    reverse("followup:visits"),
                )
                for t in view.tallies
                if t.due and not t.late and len(t.planned) < t.due
            ),
        ),
        DigestSection(
            "Vos visites des sept prochains jours",
            tuple(
                DigestItem(
                    f"{v.planned_on:%d/%m/%Y} : {v.learner.full_name} — {v.get_mode_display()}"
                    + (f", {v.place}" if v.place else ""),
                    reverse("followup:visit", args=[v.pk]),
                )
                for v in view.week
            ),
        ),
        DigestSection(
            "Comptes rendus de visite à écrire",
            tuple(
                DigestItem(
                    f"{v.learner.full_name} : visite prévue le {v.planned_on:%d/%m/%Y}",
                    reverse("followup:visit", args=[v.pk]),
                )
                for v in view.to_report
            ),
        ),
        DigestSection(
            "Livrets à commenter",
            tuple(
                DigestItem(
                    f"{s.period.logbook.learner.full_name} : période du {s.period}, validée par "
                    "le maître d'apprentissage",
                    reverse("followup:logbook", args=[s.period.logbook_id]),
                )
                for s in view.to_comment
            ),
        ),
        DigestSection(
            "Livrets restés vides",
            tuple(
                DigestItem(
                    f"{s.period.logbook.learner.full_name} : période du {s.period} sans activité",
                    reverse("followup:logbook", args=[s.period.logbook_id]),
                )
                for s in view.flagged
            ),
        ),
        DigestSection(
            "Apprentis à risque",
            tuple(
                DigestItem(
                    f"{row.learner.full_name} : " + " ".join(r.reason for r in row.risks),
                    learner(row.learner),
                )
                for row in view.at_risk
            ),
        ),
    ]


def digest_for(user: Any, *, on: date) -> Digest | None:
    """What awaits `user` on `on` as an apprenticeship master and as a referent teacher, by
    section, each item with its link; None when nothing does."""
    sections: list[DigestSection] = []
    if Contract.objects.filter(apprenticeship_master__user=user).exists():
        sections += _master_sections(user, on)
    if user.referred_learners.exists():
        sections += _teacher_sections(user, on)
    sections = [section for section in sections if section.items]
    return Digest(user, on, tuple(sections)) if sections else None
