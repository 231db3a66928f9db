"""Forms of the alternance pages: typed input only; the rules run in the services (engine)."""

from datetime import date
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ndrc.companies.selectors import visible_companies, visible_contacts
from ndrc.contracts.models import (
    Contract,
    InternshipAgreement,
    InternshipCertificate,
    InternshipReduction,
)
from ndrc.contracts.selectors import legal_weekly_hours
from ndrc.contracts.services import AGREEMENT_FIELDS, CONTRACT_FIELDS
from ndrc.core.ui.forms import FrenchDecimalField, VersionMixin, french_formfield
from ndrc.core.ui.widgets import DateInput
from ndrc.regulation.internships import agreement_requirements

DATE = DateInput()


class ContractForm(VersionMixin, forms.ModelForm):
    confirm_warnings = forms.BooleanField(
        label=_("J'ai pris connaissance des avertissements et je confirme"), required=False
    )

    class Meta:
        formfield_callback = french_formfield
        model = Contract
        fields = list(CONTRACT_FIELDS)
        widgets = {
            name: DATE
            for name in (
                "start",
                "end",
                "cycle_start",
                "previous_contract_end",
                "termination_date",
                "prorogation_end",
            )
        }

    def __init__(self, *args: Any, user: Any, on: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["weekly_hours"].initial = legal_weekly_hours(on)
        self.fields["employer"].queryset = visible_companies(user)
        # A professionalisation contract names a tutor; an apprenticeship one a master (checked).
        self.fields["apprenticeship_master"].queryset = visible_contacts(user).filter(
            Q(is_apprenticeship_master=True) | Q(is_internship_tutor=True)
        )
        if self.instance.pk is not None:
            self.start_from(self.instance, CONTRACT_FIELDS)

    def _post_clean(self) -> None:
        # Model validation runs in the service (with the learner set); the form only types input.
        pass

    def details(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("confirm_warnings")
        data.pop("version", None)
        return data


class AgreementForm(VersionMixin, forms.Form):
    """An internship agreement: period, host, tutor, and every item annexe III b requires."""

    host = forms.ModelChoiceField(queryset=None, label=_("Organisme d'accueil"))
    tutor = forms.ModelChoiceField(queryset=None, label=_("Tuteur"))
    start = forms.DateField(label=_("Premier jour"), widget=DATE)
    end = forms.DateField(label=_("Dernier jour"), widget=DATE)
    weekly_hours = FrenchDecimalField(
        label=_("Durée hebdomadaire de présence (heures)"), max_digits=4, decimal_places=2,
        min_value=1,
    )  # fmt: skip
    signed_on = forms.DateField(label=_("Signée le"), required=False, widget=DATE)

    def __init__(
        self,
        *args: Any,
        user: Any,
        on: date,
        agreement: InternshipAgreement | None = None,
        **kwargs: Any,
    ) -> None:
        if agreement is not None:
            kwargs.setdefault("initial", self.initial_from(agreement))
        super().__init__(*args, **kwargs)
        self.fields["weekly_hours"].initial = legal_weekly_hours(on)
        self.fields["host"].queryset = visible_companies(user)
        self.fields["tutor"].queryset = visible_contacts(user).filter(is_internship_tutor=True)
        requirements = agreement_requirements()
        for prefix, items in (
            ("clause", requirements.clauses),
            ("annex", requirements.pedagogical_annex),
        ):
            for item in items:
                self.fields[f"{prefix}_{item.code}"] = forms.CharField(
                    label=item.label, widget=forms.Textarea(attrs={"rows": 2})
                )
        if agreement is not None:
            self.start_from(agreement, AGREEMENT_FIELDS)

    # A clause or an item of the annex is a field of its own here.
    _PREFIXES = {"clauses": "clause", "pedagogical_annex": "annex"}

    def field_of(self, name: str) -> str:
        record_field, _dot, code = name.partition(".")
        return f"{self._PREFIXES[record_field]}_{code}" if code else name

    def clauses_of(self, prefix: str) -> dict[str, str]:
        start = len(prefix) + 1
        return {
            name[start:]: value
            for name, value in self.cleaned_data.items()
            if name.startswith(f"{prefix}_")
        }

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "host": data["host"],
            "tutor": data["tutor"],
            "start": data["start"],
            "end": data["end"],
            "weekly_hours": data["weekly_hours"],
            "signed_on": data["signed_on"],
            "clauses": self.clauses_of("clause"),
            "pedagogical_annex": self.clauses_of("annex"),
        }

    @classmethod
    def initial_from(cls, agreement: InternshipAgreement) -> dict[str, Any]:
        initial = {
            "host": agreement.host,
            "tutor": agreement.tutor,
            "start": agreement.start,
            "end": agreement.end,
            "weekly_hours": agreement.weekly_hours,
            "signed_on": agreement.signed_on,
        }
        initial.update({f"clause_{k}": v for k, v in agreement.clauses.items()})
        initial.update({f"annex_{k}": v for k, v in agreement.pedagogical_annex.items()})
        return initial


class CertificateForm(forms.ModelForm):
    class Meta:
        model = InternshipCertificate
        fields = ["start", "end", "signed_on", "signatory"]
        widgets = {"start": DATE, "end": DATE, "signed_on": DATE}

    def _post_clean(self) -> None:
        pass


class ReductionForm(VersionMixin, forms.ModelForm):
    """A decided reduction of the internship; the floor of 8 weeks is the engine's (service). A
    change carries the version it started from."""

    class Meta:
        model = InternshipReduction
        fields = ["weeks", "reason", "decided_on", "note"]
        widgets = {"decided_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.start_from(self.instance, self._meta.fields)

    def _post_clean(self) -> None:
        # The learner is set by the service; the engine's limits are checked there.
        pass
