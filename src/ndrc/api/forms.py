from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("À quoi sert ce jeton"),
        max_length=100,
        required=False,
        help_text=_("Par exemple « tableur des stages » : pour le reconnaître dans la liste."),
    )
