"""Two leads managing one feedback form: a change from a page opened before another lead's
is refused and shown beside what is saved now (409), never put silently over it; a close
since the page was opened says who closed the form and when."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from assessments.errors import CONFLICT_MESSAGE, OUT_OF_DATE_MESSAGE, OWN_CONFLICT_MESSAGE
from integrated_care.templatetags.govuk_dates import govuk_datetime
from partnerships.models import Role
from tests.factories import member
from tests.voice_builders import open_round
from voice import services
from voice.models import FeedbackRound

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
FIRST = TODAY + datetime.timedelta(days=20)  # the date the first lead saves
SECOND = TODAY + datetime.timedelta(days=90)  # the date typed on the stale page


def words(response) -> str:
    """The page's text without its markup."""
    return " ".join(html.unescape(strip_tags(response.content.decode())).split())


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _manage(assessment) -> str:
    return reverse("voice:manage", args=[assessment.pk])


def _opened_at(client, assessment) -> int:
    """The version the manage page carries when it is opened now."""
    page = client.get(_manage(assessment))
    assert page.status_code == 200
    return page.context["form"]["version"].value()


def _post(client, assessment, *, action: str, when: datetime.date, version) -> object:
    data = {
        "action": action,
        "version": version,
        "closes_on_0": when.day,
        "closes_on_1": when.month,
        "closes_on_2": when.year,
    }
    return client.post(_manage(assessment), data)


def _round(assessment) -> FeedbackRound:
    return FeedbackRound.objects.select_related("assessment").get(assessment=assessment)


def test_a_page_opened_before_the_form_was_opened_does_not_replace_its_closing_date(
    client, draft, leads
):
    """Sam opens the form while Priya's page still offers to open one: her date is refused."""
    _, sam = leads
    version = _opened_at(client, draft)
    assert version == 0
    services.feedback_round_open(user=sam, assessment=draft, closes_on=FIRST)
    response = _post(client, draft, action="open", when=SECOND, version=version)
    assert response.status_code == 409
    assert _round(draft).closes_on == FIRST
    text = words(response)
    assert "Your changes to the feedback form have not been saved" in text
    assert "Sam Second opened the feedback form at" in text
    assert f"The form is open until the end of {long_date(FIRST)}, its saved closing date" in text
    assert "The closing date has been changed" not in text
    assert CONFLICT_MESSAGE in text
    form = response.context["form"]
    (error,) = form.non_field_errors().as_data()
    assert error.code == "conflict"
    # What she typed stays in the form, now at the saved version: saving it again is a
    # knowing choice, and it then works.
    assert form["closes_on"].value() == [str(SECOND.day), str(SECOND.month), str(SECOND.year)]
    assert form["version"].value() == str(_round(draft).version)
    again = _post(client, draft, action="save", when=SECOND, version=form["version"].value())
    assert again.status_code == 302
    assert _round(draft).closes_on == SECOND


def test_two_stale_pages_changing_the_closing_date_do_not_overwrite_each_other(
    client, feedback_round, leads
):
    """Both pages opened at one version: the second save is refused, the first stands."""
    _, sam = leads
    assessment = feedback_round.assessment
    version = _opened_at(client, assessment)
    services.feedback_round_update(
        user=sam, round_id=feedback_round.pk, closes_on=FIRST, expected_version=version
    )
    response = _post(client, assessment, action="save", when=SECOND, version=version)
    assert response.status_code == 409
    assert _round(assessment).closes_on == FIRST
    text = words(response)
    assert "Sam Second changed the closing date at" in text
    assert long_date(FIRST) in text
    assert response.context["form"].non_field_errors().as_data()[0].code == "conflict"


def test_two_stale_pages_reopening_the_form_do_not_overwrite_each_other(
    client, closed_by_lead, leads
):
    """Sam reopens the closed form first; Priya's reopening with another date is refused."""
    _, sam = leads
    assessment = closed_by_lead.assessment
    version = _opened_at(client, assessment)
    services.feedback_round_update(
        user=sam,
        round_id=closed_by_lead.pk,
        closes_on=FIRST,
        expected_version=version,
        reopen=True,
    )
    response = _post(client, assessment, action="reopen", when=SECOND, version=version)
    assert response.status_code == 409
    saved = _round(assessment)
    assert saved.closes_on == FIRST and saved.closed_at is None
    assert "Sam Second reopened the feedback form at" in words(response)


def test_a_change_in_another_tab_is_said_to_be_the_users_own(client, feedback_round, leads):
    """The lead's own save in another tab is named as theirs, not someone else's."""
    assessment = feedback_round.assessment
    version = _opened_at(client, assessment)
    assert _post(client, assessment, action="save", when=FIRST, version=version).status_code == 302
    response = _post(client, assessment, action="save", when=SECOND, version=version)
    assert response.status_code == 409
    text = words(response)
    assert "You changed the closing date at" in text
    assert "perhaps in another tab or window" in text
    assert OWN_CONFLICT_MESSAGE in text and CONFLICT_MESSAGE not in text
    assert _round(assessment).closes_on == FIRST


@pytest.mark.parametrize("version", ["", "x", "99"])
def test_a_tampered_version_is_refused_and_the_page_drawn_at_the_saved_one(
    client, feedback_round, leads, version
):
    """Missing, not a number, or never saved: nothing changes and saving again works."""
    assessment = feedback_round.assessment
    response = _post(client, assessment, action="save", when=SECOND, version=version)
    assert response.status_code == 200
    assert OUT_OF_DATE_MESSAGE in words(response)
    assert _round(assessment).closes_on == feedback_round.closes_on
    drawn = response.context["form"]["version"].value()
    assert str(drawn) == str(feedback_round.version)
    assert _post(client, assessment, action="save", when=SECOND, version=drawn).status_code == 302


def test_the_service_refuses_a_change_from_any_version_but_the_saved_one(feedback_round, leads):
    """Behind: a conflict that carries the round as saved. Ahead: out of date."""
    priya, _ = leads
    update = {"user": priya, "round_id": feedback_round.pk, "closes_on": SECOND}
    saved = services.feedback_round_update(**update, expected_version=feedback_round.version)
    assert saved.version == feedback_round.version + 1
    with pytest.raises(services.FeedbackConflict) as behind:
        services.feedback_round_update(**update, expected_version=feedback_round.version)
    assert behind.value.code == "conflict" and behind.value.current.pk == feedback_round.pk
    with pytest.raises(services.FeedbackRefused) as ahead:
        services.feedback_round_update(**update, expected_version=saved.version + 1)
    assert ahead.value.code == "out_of_date"
    with pytest.raises(services.FeedbackConflict) as opened:
        open_round(user=priya, assessment=feedback_round.assessment)
    assert opened.value.code == "already_open"


def test_closing_the_form_moves_its_version_on(feedback_round, leads):
    """A close is a change too: a page opened before it cannot reopen over it unseen."""
    priya, _ = leads
    closed = services.feedback_round_close(
        user=priya, round_id=feedback_round.pk, expected_version=feedback_round.version
    )
    assert closed.version == feedback_round.version + 1


def test_a_date_saved_after_another_lead_closed_the_form_says_who_closed_it(
    client, feedback_round, leads
):
    """Not saved (409): who closed the form and when, and the date typed, to copy."""
    _, sam = leads
    assessment = feedback_round.assessment
    version = _opened_at(client, assessment)
    closed = services.feedback_round_close(
        user=sam, round_id=feedback_round.pk, expected_version=feedback_round.version
    )
    response = _post(client, assessment, action="save", when=SECOND, version=version)
    assert response.status_code == 409
    text = words(response)
    assert "Your changes to the feedback form have not been saved" in text
    assert (
        f"Sam Second closed the feedback form at {govuk_datetime(closed.closed_at)}, "
        "after you opened this page. Its closing date was not changed. If you need more "
        "answers, a lead can reopen the form." in text
    )
    assert f"Closing date {SECOND.day}/{SECOND.month}/{SECOND.year}" in text
    assert "Reopen it first" not in text and "feedback round" not in text.lower()
    assert _round(assessment).closes_on == feedback_round.closes_on


def test_the_services_refusal_of_a_closed_form_uses_the_words_users_see(closed_by_lead, leads):
    """For other callers: "feedback form", not "round", and no full stop at the end."""
    priya, _ = leads
    with pytest.raises(services.FeedbackRefused) as refused:
        services.feedback_round_update(
            user=priya,
            round_id=closed_by_lead.pk,
            closes_on=SECOND,
            expected_version=closed_by_lead.version,
        )
    assert refused.value.code == "closed"
    assert refused.value.message == (
        "The feedback form is closed. Reopen it to change its closing date"
    )


def test_two_leads_opening_the_form_at_once_leave_the_first_ones_round(
    feedback_round, leads, monkeypatch
):
    """A round stored between the check and the insert is the one kept and shown."""
    priya, _ = leads
    real = services._round_of
    looked = []

    def missed_once(assessment):
        looked.append(assessment.pk)
        return None if len(looked) == 1 else real(assessment)

    monkeypatch.setattr(services, "_round_of", missed_once)
    with pytest.raises(services.FeedbackConflict) as raced:
        open_round(user=priya, assessment=feedback_round.assessment)
    assert raced.value.code == "already_open"
    assert raced.value.current.pk == feedback_round.pk
    assert FeedbackRound.objects.count() == 1 and len(looked) == 2


def test_a_sign_off_during_the_save_says_who_signed_it_off(client, submitted, leads, monkeypatch):
    """Signed off after the page's own check: not saved (409), saying who signed it off."""
    from tests.builders import sign_off
    from voice.views import members

    priya, _ = leads
    feedback_round = open_round(user=priya, assessment=submitted)
    version = _opened_at(client, submitted)
    allowed_before = members.VoiceAllowed.for_user(priya, submitted)
    sign_off(user=member(submitted.service.partnership, Role.APPROVER), assessment=submitted)
    # The view's check read the assessment just before the sign-off.
    monkeypatch.setattr(members.VoiceAllowed, "for_user", lambda user, assessment: allowed_before)
    response = _post(client, submitted, action="save", when=SECOND, version=version)
    assert response.status_code == 409
    text = words(response)
    assert "Your changes to the feedback form have not been saved" in text
    assert "recorded the board's sign-off of this assessment" in text
    assert "can no longer change" not in text  # the service's words, for other callers
    assert _round(submitted).closes_on == feedback_round.closes_on


def test_a_form_reopened_after_its_closing_date_is_said_to_be_reopened(client, draft, leads):
    """Closed by its date, not by a lead: giving it a new date reopened it."""
    priya, sam = leads
    feedback_round = open_round(user=priya, assessment=draft, days=0)
    later = timezone.now() + datetime.timedelta(days=2)
    new_date = timezone.localdate(later) + datetime.timedelta(days=20)
    version = _opened_at(client, draft)
    with pytest.MonkeyPatch.context() as patch:  # two days on, when it had closed
        patch.setattr(timezone, "now", lambda: later)
        services.feedback_round_update(
            user=sam,
            round_id=feedback_round.pk,
            closes_on=new_date,
            expected_version=version,
            reopen=True,
        )
    response = _post(client, draft, action="reopen", when=new_date, version=version)
    assert response.status_code == 409
    assert "Sam Second reopened the feedback form at" in words(response)
