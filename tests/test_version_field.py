"""A tampered version (missing, empty, not a whole number, negative or huge) on any form that
refuses stale saves: an error whose code says why, and a message the user can act on in the
page's error summary, linked to the form's first box (not to the hidden field). Nothing is
saved, what was typed stays, and the page carries the saved version, so saving again works."""

import datetime
import html
import re

import pytest
from django.urls import reverse

from actions.forms import ActionUpdateForm
from assessments.forms import (
    BoardSummaryForm,
    RatingForm,
    ReturnForm,
    SignOffForm,
    SubmitWithReasonsForm,
    TargetsForm,
    WeightsForm,
)
from assessments.forms.fields import ID_MAX, VERSION_MAX, VERSION_MESSAGE
from assessments.models import AssessmentState, RatingPhase
from consensus.forms import AgreedRatingForm, IndividualRatingForm, OpenAgreementForm, VersionForm
from integrated_care.govuk_tags import error_links
from partnerships.models import Role
from tests import builders
from tests import team_builders as team
from tests.formtools import codes
from tests.rating_posts import principle_url, rating_post
from tests.team_data import agreement_phase, individual_phase, three_raters
from tests.test_version_ahead import progress, signed_off_action

pytestmark = pytest.mark.django_db

MISSING = object()  # no version sent at all
# Each bad version, and the code of its error.
BAD = [
    (MISSING, "required"),
    ("", "required"),
    (" ", "invalid"),
    ("abc", "invalid"),
    ("1.5", "invalid"),
    ("1e3", "invalid"),
    ("0x10", "invalid"),
    ("-1", "min_value"),
    ("0", "min_value"),
    (str(VERSION_MAX + 1), "max_value"),
    ("9" * 30, "max_value"),
]
# Empty, not a number, negative and huge, as a tampered page would send them.
BAD_ON_PAGES = [("", "required"), ("x", "invalid"), ("-1", "min_value"), ("9" * 30, "max_value")]

FORMS = {
    "rating": lambda data: RatingForm(data, levels=[]),
    "agreed rating": lambda data: AgreedRatingForm(data, levels=[], median=None),
    "individual rating": lambda data: IndividualRatingForm(data, levels=[]),
    "board summary": BoardSummaryForm,
    "targets": lambda data: TargetsForm(data, ratings=[], levels=[]),
    "submit with reasons": lambda data: SubmitWithReasonsForm(data, needing=[]),
    "weights": lambda data: WeightsForm(data, ratings=[]),
    "return": lambda data: ReturnForm(data, ratings=[]),
    "sign-off": SignOffForm,
    "open agreement": lambda data: OpenAgreementForm(data, unfinished=[]),
    "switch": VersionForm,
}


def sent(version) -> dict:
    return {} if version is MISSING else {"version": version}


@pytest.mark.parametrize("bad, code", BAD)
@pytest.mark.parametrize("name", FORMS)
def test_every_form_refuses_a_bad_version_in_words_the_user_can_act_on(name, bad, code):
    """However the version is wrong, its code says why and its message what to do."""
    form = FORMS[name](sent(bad))
    assert codes(form, "version") == [code]
    assert form.errors["version"] == [VERSION_MESSAGE]


@pytest.mark.parametrize("name", FORMS)
def test_every_form_accepts_a_version_a_record_can_have(name):
    """From 1 to the largest a version column holds."""
    for good in ("1", str(VERSION_MAX)):
        assert codes(FORMS[name]({"version": good}), "version") == []


def action_update_form(data):
    return ActionUpdateForm(
        data,
        current_status="proposed",
        current_due_date=datetime.date(2027, 3, 31),
        period="2026/27",
        last_noted_on=None,
    )


@pytest.mark.parametrize(
    "bad, code",
    [
        (MISSING, "required"),
        ("", "required"),
        ("abc", "invalid"),
        ("1.5", "invalid"),
        ("-1", "min_value"),
        (str(ID_MAX + 1), "max_value"),
    ],
)
def test_the_action_update_form_refuses_a_bad_version_in_the_same_words(bad, code):
    """An action's version (its latest update's id) is refused as the assessments' are."""
    form = action_update_form(sent(bad))
    assert codes(form, "version") == [code]
    assert form.errors["version"] == [VERSION_MESSAGE]


def test_an_actions_version_is_0_before_its_first_update_and_may_be_a_large_id():
    """0 (no update yet) and the largest id are versions an action can have."""
    for good in ("0", str(ID_MAX)):
        assert codes(action_update_form({"version": good}), "version") == []


def test_a_bad_version_is_drawn_as_the_one_the_view_gives():
    """The page carries the saved version (the form's initial) in place of a bad one, and a
    good one as sent, so a save after a conflict is still checked against what was seen."""
    bad = BoardSummaryForm({"version": "abc", "summary": "Typed"}, initial={"version": 7})
    assert bad["version"].value() == 7
    assert bad["summary"].value() == "Typed"
    good = BoardSummaryForm({"version": "5"}, initial={"version": 7})
    assert good["version"].value() == "5"


def test_the_error_summary_lists_a_hidden_fields_error_linked_to_the_first_box():
    """Linked to the first box the user can see; unlinked when the form has none."""
    assert error_links(BoardSummaryForm({"version": "x"})) == [("id_summary", VERSION_MESSAGE)]
    assert error_links(VersionForm({"version": "x"})) == [("", VERSION_MESSAGE)]


# The pages ------------------------------------------------------------------------------------


def summary(response) -> list[tuple[str, str]]:
    """The page's error summary, as (link target, text) for each item."""
    page = response.content.decode()
    block = re.search(r'class="govuk-error-summary".*?</ul>', page, re.S)
    assert block, "the page has no error summary"
    items = re.findall(r'<li>(?:<a href="#([^"]*)">)?(.*?)(?:</a>)?</li>', block[0], re.S)
    return [(anchor, html.unescape(text)) for anchor, text in items]


def assert_bad_version_shown(response, *, code, saved, typed=(), form="form"):
    """The version's error with its code, in the summary, linked to a box on the page; what
    was typed is still there; the page carries the saved version."""
    assert response.status_code == 200
    assert codes(response.context[form], "version") == [code]
    anchors = [anchor for anchor, text in summary(response) if text == VERSION_MESSAGE]
    assert len(anchors) == 1
    page = html.unescape(response.content.decode())
    if anchors[0]:
        assert anchors[0] != "id_version" and f'id="{anchors[0]}"' in page
    assert re.findall(r'name="version" value="([^"]*)"', page) == [str(saved)]
    for text in typed:
        assert text in page


@pytest.mark.parametrize("bad, code", BAD_ON_PAGES)
def test_the_principle_page(client, people, draft, bad, code):
    """A contributor's answers are kept and not saved."""
    client.force_login(people[Role.CONTRIBUTOR])
    rating = builders.rating_for(assessment=draft, code="NV-01")
    data = rating_post(rating, "save_draft", evidence="Audit of 40 discharges", version=bad)
    response = client.post(principle_url(draft, "NV-01"), data)
    assert_bad_version_shown(
        response, code=code, saved=rating.version, typed=["Audit of 40 discharges"]
    )
    assert builders.rating_for(assessment=draft, code="NV-01").evidence == ""


def test_saving_again_from_the_page_drawn_after_a_bad_version_works(client, people, draft):
    """The page carries the saved version, so sending it again saves what was typed."""
    client.force_login(people[Role.CONTRIBUTOR])
    rating = builders.rating_for(assessment=draft, code="NV-01")
    data = rating_post(rating, "save_draft", evidence="Audit of 40 discharges", version="x")
    page = client.post(principle_url(draft, "NV-01"), data).content.decode()
    drawn = re.search(r'name="version" value="([^"]*)"', page)[1]
    response = client.post(principle_url(draft, "NV-01"), data | {"version": drawn})
    assert response.status_code == 302
    assert builders.rating_for(assessment=draft, code="NV-01").evidence == "Audit of 40 discharges"


def test_a_missing_version_is_shown_the_same_way(client, people, draft):
    """A form sent with no version at all gets the same message."""
    client.force_login(people[Role.CONTRIBUTOR])
    rating = builders.rating_for(assessment=draft, code="NV-01")
    data = rating_post(rating, "save_draft", evidence="Audit of 40 discharges")
    del data["version"]
    response = client.post(principle_url(draft, "NV-01"), data)
    assert_bad_version_shown(
        response, code="required", saved=rating.version, typed=["Audit of 40 discharges"]
    )


@pytest.mark.parametrize("bad, code", BAD_ON_PAGES)
def test_the_agreed_rating_on_the_principle_page(client, people, service, partnership, bad, code):
    """In team scoring's agreement phase, the agreed rating's form."""
    draft = agreement_phase(service, people, three_raters(partnership, people))
    client.force_login(people[Role.LEAD])
    rating = builders.rating_for(assessment=draft, code="NV-01")
    data = rating_post(rating, "save_draft", evidence="Agreed at the workshop", version=bad)
    response = client.post(principle_url(draft, "NV-01"), data)
    assert_bad_version_shown(
        response, code=code, saved=rating.version, typed=["Agreed at the workshop"]
    )


@pytest.mark.parametrize("bad, code", BAD_ON_PAGES)
def test_a_raters_own_rating(client, people, service, partnership, bad, code):
    """A rater's private rating keeps its rationale."""
    raters = three_raters(partnership, people)
    draft = team.start_team(user=people[Role.LEAD], service=service)
    team.add_raters(user=people[Role.LEAD], assessment=draft, raters=raters[:1])
    client.force_login(raters[0])
    response = client.post(
        reverse("consensus:rate", args=[draft.pk, "NV-01"]),
        {"answer": "", "rationale": "Plans are shared", "version": bad, "save_draft": "1"},
    )
    saved = team.individual_rating_for(rater_user=raters[0], assessment=draft, code="NV-01")
    assert_bad_version_shown(response, code=code, saved=saved.version, typed=["Plans are shared"])
    assert saved.rationale == ""


@pytest.mark.parametrize("bad, code", BAD_ON_PAGES)
def test_what_the_lead_writes_for_the_board(client, people, draft, bad, code):
    """The summary and the board's ask typed are kept and not saved."""
    client.force_login(people[Role.LEAD])
    response = client.post(
        reverse("assessments:board_summary", args=[draft.pk]),
        {"summary": "Discharge is faster", "board_ask": "Note the gaps", "version": bad},
    )
    assert_bad_version_shown(
        response, code=code, saved=draft.version, typed=["Discharge is faster", "Note the gaps"]
    )
    assert builders.reload(assessment=draft).lead_summary == ""


@pytest.mark.parametrize("bad, code", BAD_ON_PAGES)
def test_targets(client, people, draft, bad, code):
    """The target chosen is still chosen."""
    client.force_login(people[Role.LEAD])
    nv01 = builders.rating_for(assessment=draft, code="NV-01")
    level = builders.level(assessment=draft, value=4)
    response = client.post(
        reverse("assessments:targets", args=[draft.pk]),
        {f"target_{nv01.pk}": level.pk, "version": bad},
    )
    assert_bad_version_shown(response, code=code, saved=draft.version)
    assert response.context["form"][f"target_{nv01.pk}"].value() == str(level.pk)
    assert builders.rating_for(assessment=draft, code="NV-01").target_level is None


@pytest.mark.parametrize("bad, code", BAD_ON_PAGES)
def test_submitting_keeps_the_reasons_typed(client, people, draft, bad, code):
    """Why a weak principle needs no action, typed on the check page, is kept."""
    builders.complete(user=people[Role.LEAD], assessment=draft, value=1)
    client.force_login(people[Role.LEAD])
    nv01 = builders.rating_for(assessment=draft, code="NV-01")
    response = client.post(
        reverse("assessments:check", args=[draft.pk]),
        {f"no_action_{nv01.pk}": "Covered by the carers strategy", "version": bad},
    )
    saved = builders.reload(assessment=draft)
    assert_bad_version_shown(
        response,
        code=code,
        saved=saved.version,
        typed=["Covered by the carers strategy"],
        form="submit_form",
    )
    assert saved.state == AssessmentState.DRAFT


@pytest.mark.parametrize("bad, code", BAD_ON_PAGES)
def test_weights(client, people, draft, bad, code):
    """The weight and reason typed are kept."""
    client.force_login(people[Role.LEAD])
    data = {"version": bad}
    for rating in draft.ratings.all():
        data[f"weight_{rating.pk}"] = rating.weight
        data[f"reason_{rating.pk}"] = rating.weight_reason
    nv01 = builders.rating_for(assessment=draft, code="NV-01")
    data[f"weight_{nv01.pk}"], data[f"reason_{nv01.pk}"] = 3, "Carers asked for this"
    response = client.post(reverse("assessments:weights", args=[draft.pk]), data)
    assert_bad_version_shown(
        response, code=code, saved=draft.version, typed=["Carers asked for this"]
    )
    assert response.context["form"][f"weight_{nv01.pk}"].value() == "3"
    assert builders.rating_for(assessment=draft, code="NV-01").weight == 1


@pytest.mark.parametrize("bad, code", BAD_ON_PAGES)
def test_returning_for_changes(client, people, submitted, bad, code):
    """The comment is kept and the assessment stays submitted."""
    client.force_login(people[Role.APPROVER])
    response = client.post(
        reverse("assessments:return", args=[submitted.pk]),
        {"comment": "Add the carers' survey", "version": bad},
    )
    assert_bad_version_shown(
        response, code=code, saved=submitted.version, typed=["Add the carers' survey"]
    )
    assert builders.reload(assessment=submitted).state == AssessmentState.SUBMITTED


@pytest.mark.parametrize("bad, code", BAD_ON_PAGES)
def test_recording_sign_off(client, people, submitted, bad, code):
    """The decision typed is kept and nothing is signed off."""
    client.force_login(people[Role.APPROVER])
    response = client.post(
        reverse("assessments:sign_off", args=[submitted.pk]),
        {
            "body": "Riverside Health and Wellbeing Board",
            "decision": "endorsed",
            "decision_date_0": "5",
            "decision_date_1": "3",
            "decision_date_2": "2026",
            "minute_reference": "HWB 2026/99",
            "version": bad,
        },
    )
    assert_bad_version_shown(response, code=code, saved=submitted.version, typed=["HWB 2026/99"])
    assert builders.reload(assessment=submitted).state == AssessmentState.SUBMITTED


@pytest.mark.parametrize("bad, code", BAD_ON_PAGES)
def test_opening_agreement(client, people, service, partnership, bad, code):
    """The box ticked to open agreement before everyone finished stays ticked."""
    draft = individual_phase(service, people, three_raters(partnership, people))
    client.force_login(people[Role.LEAD])
    response = client.post(
        reverse("consensus:open", args=[draft.pk]), {"although_unfinished": "on", "version": bad}
    )
    assert_bad_version_shown(response, code=code, saved=draft.version)
    assert response.context["form"]["although_unfinished"].value() is True
    assert builders.reload(assessment=draft).rating_phase == RatingPhase.INDIVIDUAL


@pytest.mark.parametrize("bad, code", BAD_ON_PAGES)
def test_switching_to_individual_ratings(client, people, draft, bad, code):
    """A button alone: the message, with nothing to link to."""
    client.force_login(people[Role.LEAD])
    response = client.post(reverse("consensus:switch", args=[draft.pk]), {"version": bad})
    assert_bad_version_shown(response, code=code, saved=draft.version)
    assert summary(response) == [("", VERSION_MESSAGE)]
    assert builders.reload(assessment=draft).rating_phase == RatingPhase.SHARED


@pytest.mark.parametrize("bad, code", BAD_ON_PAGES)
def test_updating_an_action(client, people, draft, bad, code):
    """Progress typed on a signed-off action is kept and not recorded."""
    action = signed_off_action(people, draft)
    client.force_login(people[Role.CONTRIBUTOR])
    response = client.post(
        reverse("actions:update", args=[action.pk]), progress(action) | {"version": bad}
    )
    assert_bad_version_shown(response, code=code, saved=0, typed=["Two teams use the plan"])
    assert not action.updates.exists()
