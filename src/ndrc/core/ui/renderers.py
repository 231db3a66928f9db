"""A form renderer writing Django's own form templates as strings: the same HTML as the
templates of `django/forms/templates` (a test compares them, bound, unbound and invalid), without
the template engine building each field, label, error list and option of a choice — most of the
time of a page with a form, a `<select>` of a dozen people above all.

It is the site's form renderer (settings.FORM_RENDERER). A template it does not write (another
widget, an option written by another template) is rendered by Django's templates."""

import html
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat
from django.utils.functional import Promise
from django.utils.safestring import SafeData, SafeString, mark_safe

INPUT = "django/forms/widgets/input.html"
SELECT_OPTION = "django/forms/widgets/select_option.html"
CHECKBOX_OPTION = "django/forms/widgets/checkbox_option.html"


class _Unwritten(Exception):
    """A part this module does not write: the template renders the whole."""


class _Context:
    """What `{{ value }}` reads of the context in Django's form templates (autoescape on)."""

    use_tz = None
    use_l10n = None
    autoescape = True


_CONTEXT = _Context()


def _text(value: Any) -> str:
    """`{{ value }}`: text escaped (as `escape`), safe text as it is, a translation's text
    escaped (none is localized), any other value as the template engine writes it."""
    kind = type(value)
    if kind is str:
        return html.escape(value)
    if kind is SafeString:
        return value
    if isinstance(value, Promise):
        return html.escape(str(value))
    return render_value_in_context(value, _CONTEXT)


def _formatted(value: Any) -> str:
    """`{{ value|stringformat:'s' }}` (the filter keeps a safe value safe)."""
    text = stringformat(value, "s")
    return _text(mark_safe(text) if isinstance(value, SafeData) else text)  # noqa: S308


def _attrs(attrs: dict | None) -> str:
    """`django/forms/widgets/attrs.html` and `django/forms/attrs.html`."""
    if not attrs:
        return ""
    written = []
    for name, value in attrs.items():
        if value is not False:
            written.append(f" {_text(name)}")
            if value is not True:
                written.append(f'="{_formatted(value)}"')
    return "".join(written)


def _input(widget: dict) -> str:
    """`django/forms/widgets/input.html`, its final line break included."""
    value = widget["value"]
    shown = f' value="{_formatted(value)}"' if value != None else ""  # noqa: E711 (the template's test)
    return (
        f'<input type="{_text(widget.get("type", ""))}" name="{_text(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>\n"
    )


def _option(option: dict) -> str:
    """An option as `{% include option.template_name with widget=option %}` writes it."""
    template = option["template_name"]
    if template == SELECT_OPTION:
        return (
            f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
            f"{_text(option['label'])}</option>\n"
        )
    if template == CHECKBOX_OPTION:
        # checkbox_option.html includes input_option.html, each ending with a line break.
        if not option["wrap_label"]:
            raise _Unwritten
        id_ = option["attrs"].get("id")
        attribute = f' for="{_text(id_)}"' if id_ else ""
        return f"<label{attribute}>{_input(option)} {_text(option['label'])}</label>\n\n"
    raise _Unwritten


def _select(context: dict) -> str:
    widget = context["widget"]
    written = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group, options, _index in widget["optgroups"]:
        if group:
            written.append(f'\n  <optgroup label="{_text(group)}">')
        for option in options:
            written.append(f"\n  {_option(option)}")
        if group:
            written.append("\n  </optgroup>")
    written.append("\n</select>\n")
    return "".join(written)


def _multiple_input(context: dict) -> str:
    """`checkbox_select.html`: `multiple_input.html` and its line break."""
    widget = context["widget"]
    id_ = widget["attrs"].get("id")
    classes = widget["attrs"].get("class")
    written = [
        "<div",
        f' id="{_text(id_)}"' if id_ else "",
        f' class="{_text(classes)}"' if classes else "",
        ">",
    ]
    for group, options, _index in widget["optgroups"]:
        if group:
            written.append(f"\n  <div><label>{_text(group)}</label>")
        for option in options:
            written.append(f"<div>\n    {_option(option)}</div>")
        if group:
            written.append("\n  </div>")
    written.append("\n</div>\n")
    return "".join(written)


def _textarea(context: dict) -> str:
    widget = context["widget"]
    value = widget["value"]
    return (
        f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{_text(value) if value else ''}</textarea>\n"
    )


def _file_input(context: dict) -> str:
    """`clearable_file_input.html` without a file kept (no link to it, no box to clear it)."""
    widget = context["widget"]
    if widget["is_initial"]:
        raise _Unwritten
    return (
        f'\n<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{_attrs(widget['attrs'])}>\n"
    )


def _label(context: dict) -> str:
    label = _text(context["label"])
    if not context["use_tag"]:
        return label
    tag = _text(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{label}</{tag}>"


def _errors(context: dict) -> str:
    """`django/forms/errors/list/ul.html` (`default.html` includes it)."""
    errors = context["errors"]
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)  # the template reads it, if any
    id_ = f' id="{_text(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{_text(error)}</li>" for error in errors)
    return f'<ul class="{_text(context["error_class"])}"{id_}>{items}</ul>'


def _field(context: dict) -> str:
    """`django/forms/field.html`: a field's label, help text, errors and widget."""
    field = context["field"]
    fieldset = field.use_fieldset
    written = []
    if fieldset:
        described = field.aria_describedby
        written.append("\n  <fieldset")
        if described:
            written.append(f' aria-describedby="{_text(described)}"')
        written.append(">\n  ")
        if field.label:
            written.append(_text(field.legend_tag()))
    else:
        written.append("\n  ")
        if field.label:
            written.append(_text(field.label_tag()))
    written.append("\n\n")
    if field.help_text:
        id_ = f' id="{_text(field.auto_id)}_helptext"' if field.auto_id else ""
        help_text = mark_safe(str(field.help_text))  # noqa: S308  (`|safe`, as the template)
        written.append(f'<div class="helptext"{id_}>{help_text}</div>')
    written.append(f"\n{_text(field.errors)}\n{_text(field)}")
    if fieldset:
        written.append("</fieldset>")
    written.append("\n")
    return "".join(written)


def _form(context: dict) -> str:
    """`django/forms/div.html`: the form's errors, then each field in its `<div>`."""
    errors, fields = context["errors"], context["fields"]
    hidden = "".join(_text(field) for field in context["hidden_fields"])
    written = [_text(errors), "\n"]
    if errors and not fields:
        written.append(f"\n  <div>{hidden}</div>\n")
    written.append("\n")
    last = len(fields) - 1
    for index, (field, _field_errors) in enumerate(fields):
        classes = field.css_classes()
        written.append("\n  <div")
        if classes:
            written.append(f' class="{_text(classes)}"')
        written.append(f">\n    {_text(field.as_field_group())}\n    ")
        if index == last:
            written.append(f"\n      {hidden}\n    ")
        written.append("\n</div>\n")
    written.append("\n")
    if not fields and not errors:
        written.append(f"\n  {hidden}\n")
    written.append("\n")
    return "".join(written)


def _input_widget(context: dict) -> str:
    return _input(context["widget"])


# Django's templates this module writes, by name; each written as the template would, before the
# renderer strips the result.
WRITERS = {
    "django/forms/div.html": _form,
    "django/forms/field.html": _field,
    "django/forms/label.html": _label,
    "django/forms/errors/list/default.html": _errors,
    "django/forms/errors/list/ul.html": _errors,
    "django/forms/widgets/select.html": _select,
    "django/forms/widgets/checkbox_select.html": _multiple_input,
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/clearable_file_input.html": _file_input,
    # The inputs whose template includes input.html alone.
    **{
        f"django/forms/widgets/{name}.html": _input_widget
        for name in (
            *("input", "text", "number", "email", "url", "password", "hidden"),
            *("date", "datetime", "time", "search", "tel", "color", "file"),
        )
    },
}


class StringRenderer(DjangoTemplates):
    """Django's form templates written as strings (`WRITERS`); any other template rendered by
    Django's templates, the renderer Django uses by default."""

    def render(self, template_name: str, context: dict, request=None) -> str:
        write = WRITERS.get(template_name)
        if write is not None:
            try:
                return write(context).strip()
            except _Unwritten:
                pass
        return super().render(template_name, context, request=request)
