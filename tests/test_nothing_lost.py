"""Nothing typed is lost: conflicts on weights, actions someone else removed, a save after
submission, and Enter in a text box. (Signing out after the idle limit: test_session_timeout.py.)"""

import html
import re

import pytest
from django.urls import reverse

from assessments import services
from assessments.errors import RefusedError
from assessments.models import ImprovementAction
from integrated_care.templatetags.govuk_dates import govuk_datetime
from partnerships.models import Role
from tests import builders
from tests.factories import member

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def posted(*forms) -> dict:
    """What the browser would send back for these forms and formsets, as they are shown."""
    data = {}
    for item in forms:
        if hasattr(item, "management_form"):
            data.update(posted(item.management_form, *item.forms))
            continue
        for field in item:
            value = field.value()
            widget = field.field.widget
            if hasattr(widget, "widgets") and not isinstance(value, list | tuple):
                value = widget.decompress(value)  # a date, as its day, month and year boxes
            if isinstance(value, list | tuple):
                for index, part in enumerate(value):
                    data[f"{field.html_name}_{index}"] = "" if part is None else str(part)
            elif isinstance(value, bool):
                if value:
                    data[field.html_name] = "on"
            elif value is not None:
                data[field.html_name] = str(value)
    return data


@pytest.fixture
def second_lead(partnership):
    return member(partnership, Role.LEAD, username="second-lead", display_name="Sam Second")


# 13. Two leads on the weights page -----------------------------------------------------------


def _weight_field(response, rating, name="weight") -> str:
    return str(response.context["form"][f"{name}_{rating.pk}"].value())


def test_a_weights_conflict_shows_the_latest_values_and_keeps_both_changes(
    client, draft, people, second_lead
):
    """The second lead's save is refused; the page then shows the first lead's change beside
    what the second typed, takes the latest value wherever the second changed nothing, and
    saving again keeps both people's changes and reasons."""
    url = reverse("assessments:weights", args=[draft.pk])
    nv03 = builders.rating_for(assessment=draft, code="NV-03")
    nv05 = builders.rating_for(assessment=draft, code="NV-05")
    client.force_login(second_lead)
    opened = posted(client.get(url).context["form"])

    builders.set_weights(
        user=people[Role.LEAD], assessment=draft, weights={nv03.pk: (3, "Outcomes matter most")}
    )
    mine = opened | {f"weight_{nv05.pk}": "2", f"reason_{nv05.pk}": "Inclusion is our focus"}
    response = client.post(url, mine)

    assert response.status_code == 409
    page = text(response)
    assert "Your weights have not been saved" in page
    assert people[Role.LEAD].name in page
    assert "Outcomes matter most" in page  # their change, shown beside NV-03
    assert _weight_field(response, nv03) == "3"  # the latest value: Sam changed nothing here
    assert _weight_field(response, nv03, "reason") == "Outcomes matter most"
    assert _weight_field(response, nv05) == "2"  # what Sam typed stays
    assert builders.rating_for(assessment=draft, code="NV-05").weight == 1

    response = client.post(url, posted(response.context["form"]))

    assert response.status_code == 302
    saved03 = builders.rating_for(assessment=draft, code="NV-03")
    saved05 = builders.rating_for(assessment=draft, code="NV-05")
    assert (saved03.weight, saved03.weight_reason) == (3, "Outcomes matter most")
    assert (saved05.weight, saved05.weight_reason) == (2, "Inclusion is our focus")


def test_a_weight_both_leads_changed_shows_theirs_beside_yours(client, draft, people, second_lead):
    """Where both changed the same weight, the form keeps yours and shows theirs beside it,
    so saving again replaces theirs knowingly."""
    url = reverse("assessments:weights", args=[draft.pk])
    nv03 = builders.rating_for(assessment=draft, code="NV-03")
    client.force_login(second_lead)
    opened = posted(client.get(url).context["form"])
    builders.set_weights(
        user=people[Role.LEAD], assessment=draft, weights={nv03.pk: (3, "Outcomes matter most")}
    )

    response = client.post(
        url, opened | {f"weight_{nv03.pk}": "5", f"reason_{nv03.pk}": "The board's priority"}
    )

    assert response.status_code == 409
    assert _weight_field(response, nv03) == "5"
    note = response.context["form"].changes[str(nv03.pk)]
    assert (note.weight, note.reason, note.was_weight) == (3, "Outcomes matter most", 1)
    assert "Outcomes matter most" in text(response)


# 14. An action someone else removed ------------------------------------------------------------


@pytest.fixture
def two_actions(draft, people):
    builders.rate(
        user=people[Role.LEAD],
        assessment=draft,
        code="NV-01",
        actions=[
            builders.new_action(description="Share discharge summaries"),
            builders.new_action(description="Agree one care plan"),
        ],
    )
    rating = builders.rating_for(assessment=draft, code="NV-01")
    return list(rating.actions.order_by("description"))  # Agree..., Share...


def test_an_edit_to_a_removed_action_is_refused_with_a_code(draft, people, two_actions):
    """The service refuses a change to an action that no longer exists instead of dropping it;
    removing one that is already gone is fine."""
    gone = two_actions[0].pk
    rating = builders.rating_for(assessment=draft, code="NV-01")
    ImprovementAction.objects.filter(pk=gone).delete()
    with pytest.raises(RefusedError) as refused:
        builders.rate(
            user=people[Role.CONTRIBUTOR],
            assessment=draft,
            code="NV-01",
            actions=[builders.new_action(id=gone, description="Reworded")],
        )
    assert refused.value.code == "action_removed"
    assert builders.rating_for(assessment=draft, code="NV-01").version == rating.version
    builders.rate(
        user=people[Role.CONTRIBUTOR],
        assessment=draft,
        code="NV-01",
        actions=[builders.new_action(id=gone, delete=True)],
    )


def test_rewording_an_action_someone_removed_keeps_the_wording_and_offers_to_add_it(
    client, draft, people, second_lead, two_actions
):
    """B rewords an action A removed meanwhile: the page says A removed it, keeps B's wording
    as a new action, and saving again adds it; nothing else changes."""
    removed, kept = two_actions
    url = reverse("assessments:principle", args=[draft.pk, "NV-01"])
    client.force_login(second_lead)
    response = client.get(url)
    opened = posted(response.context["form"], response.context["formset"])
    index = next(
        i for i, f in enumerate(response.context["formset"]) if f["id"].value() == removed.pk
    )

    builders.rate(
        user=people[Role.LEAD],
        assessment=draft,
        code="NV-01",
        actions=[builders.new_action(id=removed.pk, delete=True)],
    )
    mine = opened | {f"actions-{index}-description": "Agree one care plan with the person"}
    response = client.post(url, mine | {"save_draft": "1"})

    assert response.status_code == 409
    page = text(response)
    removal = ImprovementAction.history.filter(id=removed.pk, history_type="-").latest()
    said = govuk_datetime(removal.history_date)  # "5:13am on 4 December 2026"
    assert f"{people[Role.LEAD].name} removed this action at {said}, after you" in page
    assert "Agree one care plan with the person</textarea>" in page
    again = response.context["formset"]
    assert again.forms[index]["id"].value() in (None, "")
    assert again.forms[index].non_field_errors().as_data()[0].code == "action_removed"

    response = client.post(url, posted(response.context["form"], again) | {"save_draft": "1"})

    assert response.status_code == 302
    descriptions = sorted(
        ImprovementAction.objects.filter(rating__assessment=draft).values_list(
            "description", flat=True
        )
    )
    assert descriptions == ["Agree one care plan with the person", "Share discharge summaries"]
    assert ImprovementAction.objects.get(pk=kept.pk).description == "Share discharge summaries"


# 15. A save after the lead submitted ---------------------------------------------------------


def _principle_post(client, draft, evidence="Typed after submission"):
    url = reverse("assessments:principle", args=[draft.pk, "NV-02"])
    response = client.get(url)
    data = posted(response.context["form"], response.context["formset"])
    data |= {
        "evidence": evidence,
        "answer": str(builders.level(assessment=draft, value=4).pk),
        "actions-0-description": "Typed action",
        "actions-0-owner": "Discharge team",
        "actions-0-due_date_0": "31",
        "actions-0-due_date_1": "3",
        "actions-0-due_date_2": "2027",
        "save_continue": "1",
    }
    return url, data


def test_a_save_after_submission_says_who_submitted_it_and_keeps_the_text(client, draft, people):
    """A contributor's save after the lead submitted is not a 403: the page says who submitted
    it and when, and shows everything they typed, nothing saved."""
    client.force_login(people[Role.CONTRIBUTOR])
    url, data = _principle_post(client, draft)
    builders.complete(user=people[Role.LEAD], assessment=draft)
    submitted = builders.submit(user=people[Role.LEAD], assessment=draft)

    response = client.post(url, data)

    assert response.status_code == 409
    page = text(response)
    assert "Your answers have not been saved" in page
    assert (
        f"{people[Role.LEAD].name} submitted this assessment for sign-off at "
        f"{govuk_datetime(submitted.submitted_at)}" in page
    )
    assert "Typed after submission" in page
    assert "Typed action" in page
    assert "4 – Strengthening" in page
    assert builders.rating_for(assessment=draft, code="NV-02").evidence == "Evidence for NV-02."


def test_a_save_after_sign_off_says_who_signed_it_off(client, draft, people):
    """After sign-off the page names the approver who recorded it."""
    client.force_login(people[Role.CONTRIBUTOR])
    url, data = _principle_post(client, draft)
    builders.complete(user=people[Role.LEAD], assessment=draft)
    builders.submit(user=people[Role.LEAD], assessment=draft)
    builders.sign_off(user=people[Role.APPROVER], assessment=draft)

    response = client.post(url, data)

    assert response.status_code == 409
    page = text(response)
    assert f"{people[Role.APPROVER].name} recorded the board" in page
    assert "Typed after submission" in page


def test_a_submission_during_the_save_keeps_the_text_too(client, draft, people, monkeypatch):
    """If the lead submits between the page's check and the save, the same page answers."""
    client.force_login(people[Role.CONTRIBUTOR])
    url, data = _principle_post(client, draft)
    builders.complete(user=people[Role.LEAD], assessment=draft)
    real = services.rating_update

    def submitted_first(**kwargs):
        builders.submit(user=people[Role.LEAD], assessment=draft)
        return real(**kwargs)

    monkeypatch.setattr(services, "rating_update", submitted_first)
    response = client.post(url, data)

    assert response.status_code == 409
    assert "submitted this assessment for sign-off" in text(response)
    assert "Typed after submission" in text(response)


def test_a_viewer_posting_is_still_refused(client, draft, people):
    """Someone whose role never allows editing still gets "You cannot do this"."""
    client.force_login(people[Role.VIEWER])
    response = client.post(
        reverse("assessments:principle", args=[draft.pk, "NV-02"]), {"evidence": "x"}
    )
    assert response.status_code == 403


# 17. Enter in a text box -----------------------------------------------------------------------


def test_the_first_button_of_the_rating_form_is_save_and_continue(client, draft, people):
    """Browsers press a form's first submit button on Enter: it is "Save and continue"."""
    client.force_login(people[Role.CONTRIBUTOR])
    page = client.get(reverse("assessments:principle", args=[draft.pk, "NV-01"])).content.decode()
    form = page[re.search(r'<form method="post" novalidate[^>]*>', page).start() :]
    form = form[: form.index("</form>")]
    buttons = re.findall(r"<button[^>]*>", form)
    assert buttons, "no buttons in the rating form"
    assert 'name="save_continue"' in buttons[0], buttons[0]
    assert all('type="submit"' in b or "type=" not in b for b in buttons[:1])
