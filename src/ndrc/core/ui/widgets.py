"""Form widgets shared by the apps."""

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker, showing the field's current value.

    A date input holds its value in ISO format (2026-09-01) whatever the page's language: with
    Django's default (the French format 01/09/2026) the browser shows an empty field and the
    user has to type the date again.
    """

    input_type = "date"

    def __init__(self, attrs=None, format=None) -> None:
        super().__init__(attrs=attrs, format=format or "%Y-%m-%d")
