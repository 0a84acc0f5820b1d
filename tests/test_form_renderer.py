"""The fast widget renderer writes exactly what Django's widget templates write."""

import datetime

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st

from integrated_care.form_renderer import FastWidgetRenderer

FAST, TEMPLATES = FastWidgetRenderer(), DjangoTemplates()

# Text that needs escaping, marked safe or not, and the other values widgets are given.
text = st.text(alphabet=st.sampled_from(list("ab <>&\"'=\n é0")), max_size=12)
values = st.one_of(
    st.none(),
    text,
    text.map(mark_safe),
    st.integers(-5, 1500),
    st.booleans(),
    st.just(datetime.date(2027, 3, 31)),
    st.just(gettext_lazy("Proposed")),
)
attr_values = st.one_of(st.booleans(), st.none(), text, text.map(mark_safe), st.integers(0, 99))
attrs = st.dictionaries(
    st.sampled_from(["class", "rows", "aria-describedby", "id", "x"]), attr_values
)
widgets = st.sampled_from(
    [
        forms.TextInput,
        forms.HiddenInput,
        forms.NumberInput,
        forms.EmailInput,
        forms.PasswordInput,
        forms.Textarea,
        forms.CheckboxInput,
    ]
)
labels = st.one_of(text, st.just(gettext_lazy("Agreed")), st.integers(0, 2000))


def both(widget, name, value, extra):
    """The same widget rendered by each renderer."""
    return (
        widget.render(name, value, attrs=extra, renderer=FAST),
        widget.render(name, value, attrs=extra, renderer=TEMPLATES),
    )


@settings(max_examples=300, deadline=None)
@given(widgets, text, values, attrs, attrs)
def test_inputs_and_textareas_match_the_templates(widget_class, name, value, own, extra):
    """Text boxes, hidden inputs, textareas and checkboxes, with any value and attributes."""
    fast, slow = both(widget_class(attrs=own), name or "field", value, extra)
    assert fast == slow


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.one_of(text, st.integers(0, 9)), labels), max_size=5),
    values,
    attrs,
)
def test_selects_match_the_templates(choices, value, extra):
    """Selects with any options, labels (numbers are left to the template) and choice."""
    fast, slow = both(forms.Select(choices=choices), "status", value, extra)
    assert fast == slow


def test_option_groups_are_left_to_the_template():
    """A select with option groups is drawn by Django's templates, as before."""
    widget = forms.Select(choices=[("Group", [("a", "A"), ("b", "B")]), ("c", "C")])
    fast, slow = both(widget, "grouped", "b", {})
    assert fast == slow and "<optgroup" in fast


def test_other_widgets_use_the_templates():
    """Widgets it does not know, such as radios, are rendered by their templates."""
    widget = forms.RadioSelect(choices=[("1", "One"), ("2", "Two")])
    fast, slow = both(widget, "answer", "2", {})
    assert fast == slow and "checked" in fast


def test_plain_widgets_need_no_template(monkeypatch):
    """Text boxes, textareas and selects with text labels never reach a template."""

    def refuse(self, template_name, context, request=None):
        raise AssertionError(f"rendered {template_name} with a template")

    monkeypatch.setattr(DjangoTemplates, "render", refuse)
    for widget, value in (
        (forms.TextInput(attrs={"class": "govuk-input"}), "Discharge team"),
        (forms.HiddenInput(), 3),
        (forms.Textarea(attrs={"rows": 3}), "Agree one plan <with> people"),
        (forms.CheckboxInput(), True),
        (forms.Select(choices=[("agreed", gettext_lazy("Agreed")), ("done", "Done")]), "done"),
    ):
        assert widget.render("field", value, renderer=FAST)


def test_the_app_uses_it(settings):
    """Every form in the app is drawn with it."""
    assert settings.FORM_RENDERER == "integrated_care.form_renderer.FastWidgetRenderer"
