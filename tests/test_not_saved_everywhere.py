"""Nothing typed is lost on any form: a change the role allows but the assessment's state (or
team scoring's stage) no longer does says who moved it on and when, and shows what was typed
(409); opened in that state, the page says so (not "You cannot do this"). A role that never
allows the change still gets 403, and another partnership's assessment 404.
(The principle page: tests/test_nothing_lost.py.)"""

import html

import pytest
from django.urls import reverse

from assessments import services
from integrated_care.templatetags.govuk_dates import govuk_datetime
from partnerships.models import Role
from tests import builders
from tests import team_builders as team
from tests.factories import PartnershipFactory, ServiceFactory, member

pytestmark = pytest.mark.django_db

C, L, A, V = Role.CONTRIBUTOR, Role.LEAD, Role.APPROVER, Role.VIEWER
SUBMITTED_BY = "submitted this assessment for sign-off"
SIGNED_OFF_BY = "recorded the board's sign-off of this assessment"
RETURNED_BY = "returned this assessment for changes"
OPENED_BY = "opened agreement"


def text(response) -> str:
    return html.unescape(response.content.decode())


def said_when(moment) -> str:
    """When something happened, as the page says it."""
    return govuk_datetime(moment)


def url(name, assessment, *args) -> str:
    return reverse(name, args=[assessment.pk, *args])


def weights_data(assessment, weight=3, reason="Carers asked for this"):
    """Every weight as saved, with NV-01's changed."""
    data = {"version": builders.reload(assessment=assessment).version}
    for rating in assessment.ratings.all():
        data[f"weight_{rating.pk}"] = rating.weight
        data[f"reason_{rating.pk}"] = rating.weight_reason
    nv01 = builders.rating_for(assessment=assessment, code="NV-01")
    data[f"weight_{nv01.pk}"], data[f"reason_{nv01.pk}"] = weight, reason
    return data


SIGN_OFF_DATA = {
    "body": "Riverside Health and Wellbeing Board",
    "decision": "endorsed",
    "decision_date_0": "5",
    "decision_date_1": "3",
    "decision_date_2": "2027",
    "minute_reference": "HWB 2027/99",
}


def assert_not_saved(response, *, who, did, when, typed=()):
    assert response.status_code == 409
    page = text(response)
    # Someone who moved it on themselves (another tab) is "You" (views.not_saved.person_name).
    name = "You" if who.pk == response.wsgi_request.user.pk else who.name
    assert f"{name} {did} at {said_when(when)}, after you opened this page" in page
    for value in typed:
        assert value in page
    assert "You cannot do this" not in page


# Forms sent after the lead submitted ---------------------------------------------------------


def test_weights_sent_after_submission_are_shown_not_refused(client, draft, people):
    """A lead's weights sent after submission: 409, who submitted and when, the changed weight
    and its reason; nothing saved."""
    builders.complete(user=people[L], assessment=draft)
    client.force_login(people[L])
    data = weights_data(draft)
    submitted = builders.submit(user=people[L], assessment=draft)

    response = client.post(url("assessments:weights", draft), data)

    assert_not_saved(
        response,
        who=people[L],
        did=SUBMITTED_BY,
        when=submitted.submitted_at,
        typed=["Your weights have not been saved", "Carers asked for this"],
    )
    assert builders.rating_for(assessment=draft, code="NV-01").weight == 1


def test_the_board_summary_sent_after_submission_is_shown(client, submitted, people):
    """What the lead wrote for the board, sent after submission, is shown to copy."""
    client.force_login(people[L])
    response = client.post(
        url("assessments:board_summary", submitted),
        {"summary": "Discharge is faster", "board_ask": "Approve the plan", "version": 1},
    )
    assert_not_saved(
        response,
        who=people[L],
        did=SUBMITTED_BY,
        when=submitted.submitted_at,
        typed=["What you wrote for the board has not been saved", "Discharge is faster"],
    )
    assert builders.reload(assessment=submitted).lead_summary == ""


def test_targets_sent_after_sign_off_are_shown(client, signed_off, people):
    """Targets sent after sign-off name the approver who recorded it, and the chosen level."""
    client.force_login(people[L])
    nv01 = builders.rating_for(assessment=signed_off, code="NV-01")
    level = builders.level(assessment=signed_off, value=4)
    response = client.post(
        url("assessments:targets", signed_off), {f"target_{nv01.pk}": level.pk, "version": 1}
    )
    assert_not_saved(
        response,
        who=people[A],
        did=SIGNED_OFF_BY,
        when=signed_off.signed_off_at,
        typed=["Your targets have not been saved", f"{level.value} – {level.label}"],
    )


def test_submitting_from_a_second_tab_says_who_submitted(client, submitted, people):
    """Submitting again from an old tab says it was submitted already, not "your role"."""
    client.force_login(people[L])
    response = client.post(url("assessments:check", submitted), {"version": 1})
    assert_not_saved(
        response,
        who=people[L],
        did=SUBMITTED_BY,
        when=submitted.submitted_at,
        typed=["You have not submitted this assessment"],
    )


# Return and sign-off after a colleague --------------------------------------------------------


def test_a_return_sent_after_a_colleague_returned_it_keeps_the_comment(client, submitted, people):
    """The second return of the same assessment shows who returned it and the comment typed."""
    client.force_login(people[A])
    returned = builders.return_(user=people[L], assessment=submitted)
    nv02 = builders.rating_for(assessment=submitted, code="NV-02")
    response = client.post(
        url("assessments:return", submitted),
        {"comment": "Say more about carers", "codes": ["NV-02"], "version": submitted.version},
    )
    assert_not_saved(
        response,
        who=people[L],
        did=RETURNED_BY,
        when=returned.returned_at,
        typed=["You have not returned this assessment", "Say more about carers", nv02.short_title],
    )
    assert builders.reload(assessment=submitted).returned_comment == "Add evidence from carers."


def test_a_sign_off_after_a_colleague_signed_off_keeps_what_was_typed(
    client, submitted, people, partnership
):
    """A second approver's sign-off shows who recorded the first, and the minute reference."""
    colleague = member(partnership, A, display_name="Pat Approver")
    done = builders.sign_off(user=colleague, assessment=submitted)
    client.force_login(people[A])
    response = client.post(url("assessments:sign_off", submitted), SIGN_OFF_DATA | {"version": 3})
    assert_not_saved(
        response,
        who=colleague,
        did=SIGNED_OFF_BY,
        when=done.signed_off_at,
        typed=["Your sign-off has not been recorded", "HWB 2027/99", "Endorsed", "5/3/2027"],
    )
    assert builders.reload(assessment=submitted).signoff_minute_reference == "HWB 2027/14"


def test_a_sign_off_after_a_colleague_returned_it_says_who_returned_it(client, submitted, people):
    """Sign-off sent after the lead returned the assessment names the lead and keeps the text."""
    returned = builders.return_(user=people[L], assessment=submitted)
    client.force_login(people[A])
    response = client.post(url("assessments:sign_off", submitted), SIGN_OFF_DATA | {"version": 2})
    assert_not_saved(
        response, who=people[L], did=RETURNED_BY, when=returned.returned_at, typed=["HWB 2027/99"]
    )


# A save during which the state moved on -------------------------------------------------------


def test_a_submission_during_a_weights_save_keeps_the_weights(client, draft, people, monkeypatch):
    """If the lead submits between the page's check and the save, the same 409 answers."""
    builders.complete(user=people[L], assessment=draft)
    client.force_login(people[L])
    data = weights_data(draft)
    real = services.assessment_weights_update

    def submitted_first(**kwargs):
        builders.submit(user=people[L], assessment=draft)
        return real(**kwargs)

    monkeypatch.setattr(services, "assessment_weights_update", submitted_first)
    response = client.post(url("assessments:weights", draft), data)

    assert_not_saved(
        response,
        who=people[L],
        did=SUBMITTED_BY,
        when=builders.reload(assessment=draft).submitted_at,
        typed=["Carers asked for this"],
    )


# Pages opened in a state that does not allow them ---------------------------------------------


@pytest.mark.parametrize(
    ("name", "state", "role", "title", "did"),
    [
        ("weights", "submitted", L, "You cannot change the weights now", SUBMITTED_BY),
        ("board_summary", "signed_off", L, "write for the board", SIGNED_OFF_BY),
        ("targets", "submitted", L, "You cannot change the targets now", SUBMITTED_BY),
        ("return", "draft", L, "You cannot return this assessment", "started this assessment"),
        ("return", "signed_off", A, "You cannot return this assessment", SIGNED_OFF_BY),
        ("sign_off", "draft", A, "You cannot record sign-off", "started this assessment"),
        ("sign_off", "signed_off", A, "You cannot record sign-off", SIGNED_OFF_BY),
    ],
)
def test_a_page_opened_in_the_wrong_state_says_why(
    client, people, request, name, state, role, title, did
):
    """Opened when the state does not allow it, the page says what happened and links back,
    instead of "You cannot do this"."""
    assessment = request.getfixturevalue(state)
    client.force_login(people[role])
    response = client.get(url(f"assessments:{name}", assessment))
    assert response.status_code == 200
    page = text(response)
    assert title in page and did in page and "You cannot do this" not in page
    assert f'href="{url("assessments:overview", assessment)}"' in page


# Team scoring -------------------------------------------------------------------------------


@pytest.fixture
def agreed(individual, people):
    """The individual phase's draft, once the lead opened agreement."""
    team.open_agreement(user=people[L], assessment=individual, although_unfinished=True)
    return builders.reload(assessment=individual)


def test_a_rating_saved_after_agreement_opened_keeps_the_rationale(client, individual, people):
    """A rater's save after the lead opened agreement: 409, who opened it, the rationale."""
    client.force_login(people[C])
    address = url("consensus:rate", individual, "NV-01")
    version = client.get(address).context["form"]["version"].value()
    opened = team.open_agreement(user=people[L], assessment=individual, although_unfinished=True)
    level = builders.level(assessment=individual, value=2)

    response = client.post(
        address,
        {"answer": level.pk, "rationale": "Waits are too long", "version": version},
    )

    assert_not_saved(
        response,
        who=people[L],
        did=OPENED_BY,
        when=opened.agreement_opened_at,
        typed=["Your rating has not been saved", "Waits are too long", level.label],
    )
    assert f'href="{url("consensus:mine", individual)}"' in text(response)


def test_finishing_after_agreement_opened_says_who_opened_it(client, agreed, people):
    """ "Mark my ratings as finished" from an old tab says agreement is open, and who opened it."""
    client.force_login(people[C])
    response = client.post(url("consensus:mine", agreed))
    assert_not_saved(
        response,
        who=people[L],
        did=OPENED_BY,
        when=agreed.agreement_opened_at,
        typed=["Your ratings have not been marked as finished"],
    )


def test_opening_agreement_again_says_who_opened_it(client, agreed, people):
    """Opening agreement from an old tab, or the page after it opened, says who opened it."""
    client.force_login(people[L])
    response = client.post(url("consensus:open", agreed), {"version": 1})
    assert_not_saved(response, who=people[L], did=OPENED_BY, when=agreed.agreement_opened_at)
    page = client.get(url("consensus:open", agreed))
    assert page.status_code == 200
    assert "You cannot open agreement now" in text(page)
    assert f'href="{url("consensus:team", agreed)}"' in text(page)


def test_raters_chosen_after_agreement_opened_are_shown(client, agreed, people):
    """The people a lead chose from an old tab are listed by name, not added."""
    client.force_login(people[L])
    response = client.post(url("consensus:team", agreed), {"users": [people[L].pk]})
    assert_not_saved(
        response,
        who=people[L],
        did=OPENED_BY,
        when=agreed.agreement_opened_at,
        typed=["have not been added as raters", people[L].name],
    )
    assert not agreed.raters.filter(user=people[L]).exists()


# Roles and partnerships ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "state", "allowed", "refused"),
    [
        ("weights", "submitted", L, C),
        ("board_summary", "submitted", L, A),
        ("targets", "signed_off", L, V),
        ("check", "submitted", L, C),
        ("return", "signed_off", A, C),
        ("return", "signed_off", L, V),
        ("sign_off", "signed_off", A, L),
    ],
)
def test_a_role_that_never_allows_the_change_is_still_refused(
    client, people, request, name, state, allowed, refused
):
    """The same form sent in the same state is 409 for a role that allows the change and
    "You cannot do this" (403) for one that never does."""
    assessment = request.getfixturevalue(state)
    address = url(f"assessments:{name}", assessment)
    data = {"version": 1, "comment": "Typed", "summary": "Typed"}
    client.force_login(people[allowed])
    assert client.post(address, data).status_code == 409
    client.force_login(people[refused])
    assert client.post(address, data).status_code == 403


def test_team_pages_still_refuse_roles_that_never_allow_the_change(client, agreed, people):
    """After agreement opens a rater's stale save is 409; a viewer opening agreement, and the
    lead (not a rater) saving a rating, still get 403."""
    client.force_login(people[C])
    assert client.post(url("consensus:rate", agreed, "NV-01"), {"version": 1}).status_code == 409
    client.force_login(people[V])
    assert client.post(url("consensus:open", agreed), {"version": 1}).status_code == 403
    client.force_login(people[L])
    assert client.post(url("consensus:rate", agreed, "NV-01"), {"version": 1}).status_code == 403
    assert client.post(url("consensus:open", agreed), {"version": 1}).status_code == 409


@pytest.mark.parametrize("name", ["weights", "board_summary", "targets", "check", "return"])
def test_another_partnerships_lead_still_finds_nothing(client, people, signed_off, name):
    """Where the partnership's lead gets the 409, a lead of another partnership gets 404."""
    address = url(f"assessments:{name}", signed_off)
    data = {"version": 1, "comment": "Typed"}
    client.force_login(people[L])
    assert client.post(address, data).status_code == 409
    other = PartnershipFactory(name="Another partnership")
    ServiceFactory(partnership=other)
    client.force_login(member(other, L))
    assert client.post(address, data).status_code == 404
    assert client.get(address).status_code == 404
