"""Confirming that a rating still stands after its principle was reworded."""

from django import forms

BACK_TO = ("principle", "check")


class WordingConfirmForm(forms.Form):
    """The one button, "The rating still stands", and the page to go back to."""

    back_to = forms.ChoiceField(
        choices=[(page, page) for page in BACK_TO],
        error_messages={"invalid_choice": "Choose the page to go back to"},
    )
