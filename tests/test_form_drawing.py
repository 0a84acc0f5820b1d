"""The rating page's forms are drawn more cheaply, with exactly the markup they had."""

import datetime
import re

import pytest
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import ConditionalRadios
from django.template import Context, Template

from assessments import selectors
from assessments.forms import ActionFormSet, RatingForm
from assessments.forms import rating as rating_forms
from assessments.forms.answer import _HeadedRadios

pytestmark = pytest.mark.django_db

DRAW = Template("{% load crispy_forms_tags %}{% crispy form %}")
SAVED = {
    "id": 7,
    "description": "Agree one plan",
    "owner": "Discharge team",
    "due_date": datetime.date(2027, 3, 31),
    "status": "agreed",
}


def drawn(form) -> str:
    html = DRAW.render(Context({"form": form}))
    return re.sub(r"\s+", " ", html).replace("> <", "><").strip()


@pytest.fixture
def levels(draft):
    return selectors.scale_levels(draft)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"answer": "not-applicable", "not_applicable_reason": "", "evidence": "", "version": "1"},
        {"answer": "nonsense", "evidence": "x" * 6000, "version": "1"},
    ],
    ids=["unfilled", "not applicable without a reason", "invalid"],
)
def test_rating_radios_are_the_packs_markup(levels, monkeypatch, data):
    """All the choices drawn in one template give what the pack drew one by one, with the
    revealed reason box, errors and the chosen answer."""

    def form():  # a new one each time: drawing a form changes its widgets' attributes
        return RatingForm(data, levels=levels, complete=True, initial={"answer": str(levels[1].pk)})

    ours = drawn(form())
    monkeypatch.setattr(_HeadedRadios, "render_choices", ConditionalRadios.render_choices)
    assert ours == drawn(form())
    assert ours.count('class="govuk-radios__item"') == len(levels) + 1


def test_an_unfilled_action_form_is_drawn_once(monkeypatch):
    """The same saved action is drawn once, then reused; other values are drawn again."""
    draws = []
    original = FormHelper.render_layout

    def counting(self, form, context, template_pack="gds"):
        draws.append(form.prefix)
        return original(self, form, context, template_pack=template_pack)

    monkeypatch.setattr(FormHelper, "render_layout", counting)
    monkeypatch.setattr(rating_forms, "_DRAWN", {})
    first = drawn(ActionFormSet(prefix="actions", initial=[SAVED]).forms[0])
    again = drawn(ActionFormSet(prefix="actions", initial=[SAVED]).forms[0])
    assert first == again and len(draws) == 1
    changed = drawn(ActionFormSet(prefix="actions", initial=[{**SAVED, "owner": "Leads"}]).forms[0])
    assert "Leads" in changed and len(draws) == 2


def test_a_filled_action_form_is_always_drawn(monkeypatch):
    """A form with data, which may carry errors, is never taken from what was drawn before."""
    data = {
        "actions-TOTAL_FORMS": "1",
        "actions-INITIAL_FORMS": "0",
        "actions-0-description": "",
        "actions-0-owner": "Someone",
        "actions-0-status": "agreed",
    }
    monkeypatch.setattr(rating_forms, "_DRAWN", {})
    for _ in range(2):
        formset = ActionFormSet(data, prefix="actions")
        formset.is_valid()
        assert "Enter what will be done" in drawn(formset.forms[0])
    assert rating_forms._DRAWN == {}
