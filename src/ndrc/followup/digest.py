"""The weekly digest: what awaits each apprenticeship master and referent teacher, as an
e-mail. `digest_for` reads, in the active language; `services.send_weekly_digests` sends them
all, in the recipients' language."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ndrc.contracts.selectors import contracts_supervised_by, running_contracts
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
        return _("ndrc — ce qui vous attend cette semaine (au %(day)s)") % {"day": _day(self.on)}

    @property
    def body(self) -> str:
        lines = [
            _("Bonjour %(name)s,") % {"name": _name(self.user)},
            "",
            _("Voici ce qui vous attend dans le suivi des apprentis."),
        ]
        for section in self.sections:
            lines += ["", f"{section.title} ({len(section.items)})"]
            lines += [f"- {item.text}\n  {item.url}" for item in section.items]
        lines += [
            "",
            _("Pour ne plus recevoir ce récapitulatif : %(link)s")
            % {"link": settings.SITE_URL + reverse("followup:notifications")},
        ]
        return "\n".join(lines) + "\n"


def recipients(*, on: date) -> list[Any]:
    """The people a digest may concern on `on`: masters named by a contract running that day,
    and referent teachers; with an e-mail address, who did not turn the digest off."""
    running = running_contracts(on)
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


def _day(value: date) -> str:
    return f"{value:%d/%m/%Y}"


def _name(user: Any) -> str:
    return user.get_full_name() or user.username


def _master_sections(user: Any, on: date) -> list[DigestSection]:
    page = master_page(user, on=on)
    logbook = lambda state: reverse("followup:logbook", args=[state.period.logbook_id])  # noqa: E731
    week = on + timedelta(days=7)
    empty = _("%(name)s : période du %(period)s sans activité")
    sections = [
        DigestSection(
            _("Livret d'apprentissage : périodes à valider"),
            tuple(
                DigestItem(
                    ngettext(
                        "%(name)s : période du %(period)s (%(count)s activité notée)",
                        "%(name)s : période du %(period)s (%(count)s activités notées)",
                        s.entry_count,
                    )
                    % {"name": a.learner.full_name, "period": s.period, "count": s.entry_count},
                    logbook(s),
                )
                for a in page.apprentices
                for s in a.to_validate
            ),
        ),
        DigestSection(
            _("Livret d'apprentissage : périodes restées vides"),
            tuple(
                DigestItem(empty % {"name": a.learner.full_name, "period": s.period}, logbook(s))
                for a in page.apprentices
                for s in a.flagged
            ),
        ),
        DigestSection(
            _("Comptes rendus de visite à contresigner"),
            tuple(
                DigestItem(
                    _("%(name)s : visite du %(day)s (%(teacher)s)")
                    % {
                        "name": v.learner.full_name,
                        "day": _day(v.held_on),
                        "teacher": _name(v.teacher),
                    },
                    reverse("followup:visit", args=[v.pk]),
                )
                for v in page.to_countersign
            ),
        ),
        DigestSection(
            _("Entretiens tripartites"),
            tuple(
                DigestItem(
                    (
                        _("%(name)s : entretien du %(day)s — votre appréciation à donner")
                        if m.held_on
                        else _("%(name)s : entretien du %(day)s — prévu")
                    )
                    % {"name": m.learner.full_name, "day": _day(m.held_on or m.planned_on)},
                    reverse("followup:meeting", args=[m.pk]),
                )
                for m in page.meetings
                if m.held_on or m.planned_on <= week
            ),
        ),
        DigestSection(
            _("Fiches d'activité à attester"),
            tuple(
                DigestItem(
                    _("%(name)s (%(exam)s) : « %(title)s »")
                    % {"name": sheet.learner.full_name, "exam": sheet.exam, "title": sheet.title},
                    reverse("portfolio:sheet", args=[sheet.pk]),
                )
                for sheet in page.sheets_to_attest
            ),
        ),
    ]
    return sections


def _late(tally: Any) -> str:
    values = {"name": tally.learner.full_name, "count": tally.late}
    late = ngettext(
        "%(name)s : %(count)s visite en retard",
        "%(name)s : %(count)s visites en retard",
        tally.late,
    )
    done = ngettext(
        "%(count)s réalisée sur %(required)s", "%(count)s réalisées sur %(required)s", tally.done
    )
    return _("%(late)s (%(done)s)") % {
        "late": late % values,
        "done": done % {"count": tally.done, "required": tally.required},
    }


def _due(tally: Any) -> str:
    values = {"name": tally.learner.full_name, "count": tally.due}
    if tally.next_deadline:
        values["day"] = _day(tally.next_deadline)
        return (
            ngettext(
                "%(name)s : %(count)s visite à faire, la prochaine avant le %(day)s",
                "%(name)s : %(count)s visites à faire, la prochaine avant le %(day)s",
                tally.due,
            )
            % values
        )
    return (
        ngettext(
            "%(name)s : %(count)s visite à faire", "%(name)s : %(count)s visites à faire", tally.due
        )
        % values
    )


def _teacher_sections(user: Any, on: date) -> list[DigestSection]:
    view = teacher_overview(user, on=on)
    learner = lambda person: reverse("followup:learner", args=[person.pk])  # noqa: E731
    empty = _("%(name)s : période du %(period)s sans activité")
    return [
        DigestSection(
            _("Visites de suivi en retard"),
            tuple(DigestItem(_late(t), learner(t.learner)) for t in view.tallies if t.late),
        ),
        DigestSection(
            _("Visites à prévoir"),
            tuple(
                DigestItem(_due(t), reverse("followup:visits"))
                for t in view.tallies
                if t.due and not t.late and len(t.planned) < t.due
            ),
        ),
        DigestSection(
            _("Vos visites des sept prochains jours"),
            tuple(
                DigestItem(
                    (
                        _("%(day)s : %(name)s — %(mode)s, %(place)s")
                        if v.place
                        else _("%(day)s : %(name)s — %(mode)s")
                    )
                    % {
                        "day": _day(v.planned_on),
                        "name": v.learner.full_name,
                        "mode": v.get_mode_display(),
                        "place": v.place,
                    },
                    reverse("followup:visit", args=[v.pk]),
                )
                for v in view.week
            ),
        ),
        DigestSection(
            _("Comptes rendus de visite à écrire"),
            tuple(
                DigestItem(
                    _("%(name)s : visite prévue le %(day)s")
                    % {"name": v.learner.full_name, "day": _day(v.planned_on)},
                    reverse("followup:visit", args=[v.pk]),
                )
                for v in view.to_report
            ),
        ),
        DigestSection(
            _("Livrets à commenter"),
            tuple(
                DigestItem(
                    _("%(name)s : période du %(period)s, validée par le maître d'apprentissage")
                    % {"name": s.period.logbook.learner.full_name, "period": s.period},
                    reverse("followup:logbook", args=[s.period.logbook_id]),
                )
                for s in view.to_comment
            ),
        ),
        DigestSection(
            _("Livrets restés vides"),
            tuple(
                DigestItem(
                    empty % {"name": s.period.logbook.learner.full_name, "period": s.period},
                    reverse("followup:logbook", args=[s.period.logbook_id]),
                )
                for s in view.flagged
            ),
        ),
        DigestSection(
            _("Apprentis à risque"),
            tuple(
                DigestItem(
                    _("%(name)s : %(reasons)s")
                    % {
                        "name": row.learner.full_name,
                        "reasons": " ".join(r.reason for r in row.risks),
                    },
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
    if contracts_supervised_by(user, on=on).exists():
        sections += _master_sections(user, on)
    if user.referred_learners.exists():
        sections += _teacher_sections(user, on)
    sections = [section for section in sections if section.items]
    return Digest(user, on, tuple(sections)) if sections else None
