"""Crispy-forms-gds output is corrected for GOV.UK Frontend 5 by project overrides."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.template import Context, Template


class _ExampleForm(forms.Form):
    evidence = forms.CharField(widget=forms.Textarea, error_messages={"required": "Enter evidence"})
    body = forms.ChoiceField(
        choices=[("", "Choose"), ("hwb", "Health and Wellbeing Board")],
        error_messages={"required": "Select a board"},
    )
    title = forms.CharField(error_messages={"required": "Enter a title"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.textarea("evidence", max_characters=100), Field.select("body"), "title"
        )


def _render(form):
    return Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))


def test_textarea_and_select_get_their_own_error_classes():
    """A textarea in error has govuk-textarea--error and a select govuk-select--error."""
    html = _render(_ExampleForm(data={}))
    assert 'class="govuk-textarea govuk-js-character-count govuk-textarea--error"' in html
    assert 'class="govuk-select govuk-select--error"' in html
    assert 'class="govuk-input govuk-input--error"' in html
    assert html.count("govuk-input--error") == 1


class _SignInForm(forms.Form):
    email = forms.EmailField(error_messages={"required": "Enter your email address"})
    password = forms.CharField(
        widget=forms.PasswordInput, error_messages={"required": "Enter your password"}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


def test_password_email_and_number_inputs_in_error_get_the_error_border():
    """Every govuk-input in error has govuk-input--error, not only plain text inputs."""
    html = _render(_SignInForm(data={}))
    password = html[html.index('type="password"') :].split(">", 1)[0]
    email = html[html.index('type="email"') :].split(">", 1)[0]
    assert 'class="govuk-input govuk-input--error"' in password
    assert 'class="govuk-input govuk-input--error"' in email
    assert html.count("govuk-input--error") == 2
    assert 'aria-describedby="id_password_1_error"' in html


def test_inputs_without_errors_have_no_error_border():
    """A valid password field keeps the plain input class."""
    html = _render(_SignInForm(data={"password": "x"}))
    assert html.count("govuk-input--error") == 1
    password = html[html.index('type="password"') :].split(">", 1)[0]
    assert 'class="govuk-input"' in password


def test_error_messages_are_paragraphs_linked_to_the_field():
    """Each error is a paragraph whose id the field's aria-describedby names."""
    html = _render(_ExampleForm(data={}))
    assert '<p id="id_evidence_1_error" class="govuk-error-message">' in html
    assert 'aria-describedby="id_evidence-info id_evidence_1_error"' in html
    assert 'aria-describedby="id_body_1_error"' in html


def test_character_count_wraps_the_form_group():
    """The character count module sits on the form group with the limit and message."""
    html = _render(_ExampleForm())
    assert 'data-module="govuk-character-count" data-maxlength="100"' in html
    assert 'id="id_evidence-info" class="govuk-hint govuk-character-count__message"' in html


def test_text_typed_is_kept_when_another_field_has_an_error():
    """Values typed are redisplayed, escaped, when the form has errors elsewhere."""
    html = _render(_ExampleForm(data={"evidence": "Our <b>audit</b> shows", "title": ""}))
    assert "Our &lt;b&gt;audit&lt;/b&gt; shows</textarea>" in html
