"""The CCF pages write their forms without the template engine (core.ui.renderers): the HTML of
Django's form templates for the forms as the pages build them — blank, filled, refused — and no
form template rendered on the pages, most of their time before."""

from contextlib import contextmanager

from django.forms.renderers import DjangoTemplates
from django.test.signals import template_rendered
from django.urls import reverse

from ndrc.assessments.forms import DocumentForm, GradeForm, MemberForm, PlanForm, RescheduleForm
from ndrc.core.ui.renderers import StringRenderer


def _written(form_class, **kwargs) -> list[str]:
    """The form as a page writes it: whole, and each field's parts."""
    form = form_class(**kwargs)
    if form.is_bound and form.is_valid() and form_class is PlanForm:
        form.add_error(None, "Déjà planifiée <le 10/02>.")  # a service's refusal
    parts = [form.as_div(), form.non_field_errors()]
    for field in form:
        parts += [field.label_tag(), field, field.errors]
    return [str(part) for part in parts]


def test_the_ccf_forms_are_written_as_django_s_templates_write_them(ccf):
    situation = ccf.situations[("durand", "E4", "A")]
    cohort = situation.learner.cohort
    teacher = ccf.users["enseignant"]
    cases = [
        (PlanForm, {"cohort": cohort}),
        (PlanForm, {"cohort": cohort, "data": {"exam": "E9", "date": "10/02", "members": ["0"]}}),
        (
            PlanForm,
            {
                "cohort": cohort,
                "data": {"exam": "E4", "situation": "B", "date": "2027-02-10",
                         "place": "Salle <B>", "members": [str(teacher.pk)]},
            },
        ),
        (MemberForm, {"situation": situation}),
        (MemberForm, {"situation": situation, "data": {"user": "<0>"}}),
        (MemberForm, {"situation": situation, "data": {"user": str(teacher.pk)}}),
        (RescheduleForm, {"situation": situation}),
        (RescheduleForm, {"situation": situation, "data": {"date": "", "place": "x" * 201}}),
        (GradeForm, {"initial": {"grade": "12.5", "observations": "Bien <mené> & clair"}}),
        (GradeForm, {"data": {"grade": "", "observations": "Revue\nle 3"}}),
        (DocumentForm, {}),
        (DocumentForm, {"data": {"title": ""}}),
    ]  # fmt: skip
    for form_class, kwargs in cases:
        assert isinstance(form_class(**kwargs).renderer, StringRenderer)
        expected = _written(form_class, renderer=DjangoTemplates(), **kwargs)
        assert _written(form_class, **kwargs) == expected, (form_class, kwargs)
    # The cases write what they are meant to: choices offered and chosen, errors.
    blank, refused, chosen = (_written(PlanForm, **kwargs)[0] for _, kwargs in cases[:3])
    assert f'value="{teacher.pk}"' in blank and "checked" not in blank
    assert f'value="{teacher.pk}" id="id_members_0" checked>' in chosen.replace("\n", "")
    assert 'class="errorlist"' in refused and "Déjà planifiée &lt;le 10/02&gt;." in chosen


@contextmanager
def _form_templates():
    """The names of Django's form templates rendered meanwhile."""
    rendered: list[str] = []

    def seen(sender, template, context, **kwargs) -> None:
        if (template.name or "").startswith("django/forms/"):
            rendered.append(template.name)

    template_rendered.connect(seen)
    try:
        yield rendered
    finally:
        template_rendered.disconnect(seen)


def test_the_ccf_pages_render_no_form_template(client, ccf):
    situation = ccf.situations[("petit", "E4", "A")]  # planned: its date may change
    client.force_login(ccf.users["responsable"])
    situation_page = reverse("assessments:situation", args=[situation.pk])
    with _form_templates() as rendered:
        page = client.get(situation_page).text
        refused = client.post(
            reverse("assessments:action", args=[situation.pk, "reporter"]), {"date": ""}
        )
        plan = client.get(reverse("assessments:cohort", args=[situation.learner.cohort_id])).text
    assert '<select name="user"' in page and 'type="file"' in page
    assert refused.status_code == 400 and 'class="errorlist"' in refused.text
    assert 'type="checkbox" name="members"' in plan
    assert rendered == []
