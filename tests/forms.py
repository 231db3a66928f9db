"""What a browser sends back from a page's form, read from the page itself (hidden fields
included), so that a test submits what the user saw."""

from html.parser import HTMLParser


class _FormsReader(HTMLParser):
    """Every POST form of a page as the fields it would send."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, str]] = []
        self.form: dict[str, str] | None = None
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "form":
            self.form = {} if (attributes.get("method") or "").lower() == "post" else None
            if self.form is not None:
                self.forms.append(self.form)
        elif self.form is None or (not name and tag != "option"):
            return
        elif tag == "input" and attributes.get("type") not in ("submit", "button"):
            if attributes.get("type") != "checkbox":
                self.form[name] = attributes.get("value") or ""
            elif "checked" in attributes:
                self.form[name] = attributes.get("value") or "on"
        elif tag == "select":
            self.select = name
            self.form.setdefault(name, "")
        elif tag == "option" and self.select and "selected" in attributes:
            self.form[self.select] = attributes.get("value") or ""
        elif tag == "textarea":
            self.textarea = name
            self.form[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data: str) -> None:
        if self.form is not None and self.textarea:
            value = self.form[self.textarea] + data
            # The newline right after <textarea> is not part of its value (HTML).
            self.form[self.textarea] = value[1:] if value.startswith("\n") else value


def form_data(page: str, *, having: str) -> dict[str, str]:
    """The fields the first POST form of `page` with a field named `having` sends as the user
    found it (the CSRF token left out: the test client does not check it)."""
    reader = _FormsReader()
    reader.feed(page)
    form = next(f for f in reader.forms if having in f)
    form.pop("csrfmiddlewaretoken", None)
    return form
