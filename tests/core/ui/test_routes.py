"""A record's address in a list's rows is the address `{% url %}` gives, the route reversed
once for all the rows."""

import pytest
from django.template import Context, Template
from django.urls import reverse, set_script_prefix

from ndrc.core.ui.routes import record_address, route_address

ROUTES = ["learners:detail", "companies:detail", "contracts:learner", "contracts:contract",
          "contracts:agreement"]  # fmt: skip


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("pk", [1, 7, 10, 918, 2**40])
def test_each_rows_address_is_the_routes(route, pk):
    assert record_address(route, pk) == reverse(route, args=[pk])


@pytest.mark.parametrize("exam", ["E4", "E6"])
def test_an_argument_after_the_key_stays_in_its_place(exam):
    assert record_address("portfolio:learner_dossier", 31, exam) == reverse(
        "portfolio:learner_dossier", args=[31, exam]
    )
    assert record_address("portfolio:learner_dossier", 31, exam).endswith(f"/{exam}/")


def test_behind_a_prefix_the_address_keeps_it():
    try:
        set_script_prefix("/ndrc/")
        assert record_address("learners:detail", 12) == "/ndrc/apprenants/12/"
        assert record_address("learners:detail", 12) == reverse("learners:detail", args=[12])
    finally:
        set_script_prefix("/")
    assert record_address("learners:detail", 12) == "/apprenants/12/"


def test_the_filter_writes_what_the_url_tag_writes():
    rows = [{"pk": pk} for pk in (3, 45, 678)]
    context = Context({"rows": rows})
    with_tag = Template(
        "{% for r in rows %}<a href=\"{% url 'contracts:contract' r.pk %}\">{% endfor %}"
    )
    with_filter = Template(
        '{% load ui_routes %}{% for r in rows %}<a href="{{ r.pk|address:"contracts:contract" }}">'
        "{% endfor %}"
    )
    assert with_filter.render(context) == with_tag.render(context)
    assert 'href="/alternance/contrats/45/"' in with_filter.render(context)


def test_a_route_without_arguments_is_reversed_once_and_keeps_the_prefix():
    assert route_address("learners:list") == reverse("learners:list") == "/apprenants/"
    try:
        set_script_prefix("/ndrc/")
        assert route_address("learners:list") == "/ndrc/apprenants/"
    finally:
        set_script_prefix("/")
    assert route_address("learners:list") == "/apprenants/"


@pytest.mark.django_db
def test_the_menu_of_each_page_reverses_no_route_again(demo, monkeypatch):
    """The menu, on every page, writes the addresses `reverse` gives, reversed once: a second
    page reverses none of its routes again."""
    from django.test import RequestFactory
    from django.urls.resolvers import URLResolver

    from ndrc.dashboard.menu import MENU, menu

    request = RequestFactory().get("/")
    request.user = demo.users["responsable"]
    first = menu(request)["menu"]
    assert [address for _label, address in first] == [
        reverse(entry.url_name) for entry in MENU if entry.shown_to(request.user)
    ]
    reversed_routes = []
    resolve = URLResolver._reverse_with_prefix

    def counted(resolver, *args, **kwargs):
        reversed_routes.append(args[0])
        return resolve(resolver, *args, **kwargs)

    monkeypatch.setattr(URLResolver, "_reverse_with_prefix", counted)
    assert menu(request)["menu"] == first
    assert reversed_routes == []


def test_the_record_url_tag_writes_what_the_url_tag_writes():
    """A record's page with its forms' actions: the route with an argument after the key, and
    kept in a variable (`as`)."""
    context = Context({"situation": {"pk": 42}})
    with_tag = Template(
        "{% url 'assessments:action' situation.pk 'reporter' %}"
        "{% url 'assessments:action' situation.pk 'retirer' as remove %}[{{ remove }}]"
        "{% url 'assessments:grid_pdf' situation.pk %}"
    )
    with_record_url = Template(
        "{% load ui_routes %}{% record_url 'assessments:action' situation.pk 'reporter' %}"
        "{% record_url 'assessments:action' situation.pk 'retirer' as remove %}[{{ remove }}]"
        "{% record_url 'assessments:grid_pdf' situation.pk %}"
    )
    assert with_record_url.render(context) == with_tag.render(context)
    assert "/situations/42/reporter/[/" in with_record_url.render(context)


def test_the_record_url_tag_without_arguments_or_with_a_key_writes_what_url_writes():
    # Without arguments (a page's links), with a record's key, with a key and another argument:
    # escaped alike.
    context = Context({"pk": 45, "exam": "E6", "other": 7})
    tags = [
        "'learners:list'", "'contracts:contract' pk", "'portfolio:learner_dossier' pk exam",
        "'learners:supervision_end' pk other", "'home'",
    ]  # fmt: skip
    for arguments in tags:
        with_url = Template("{% url " + arguments + " %}").render(context)
        with_route = Template("{% load ui_routes %}{% record_url " + arguments + " %}")
        assert with_route.render(context) == with_url, arguments
    try:
        set_script_prefix("/ndrc/")
        written = Template("{% load ui_routes %}{% record_url 'contracts:contract' 3 %}").render(
            context
        )
        assert written == "/ndrc/alternance/contrats/3/"
    finally:
        set_script_prefix("/")
