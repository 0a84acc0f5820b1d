"""Two tabs on the targets, "For the board" and weights pages: another person's saved change
is shown beside what was typed and never silently undone, and a save on one of these pages
does not refuse a save on another."""

import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import board_services
from assessments.errors import OWN_CONFLICT_MESSAGE, ConflictError
from partnerships.models import Role
from tests import builders, test_query_counts
from tests.factories import member
from tests.test_nothing_lost import posted

pytestmark = pytest.mark.django_db

# The 12- and 120-principle assessments, used here as a fixture of this module.
sized = test_query_counts.sized
# The most queries each page after a conflict may make, as measured.
CONFLICT_CEILINGS = {"targets": 13, "board_summary": 9}


@pytest.fixture
def second_lead(partnership):
    return member(partnership, Role.LEAD, username="second-lead", display_name="Sam Second")


def tab(user) -> Client:
    """A browser tab signed in as ``user`` (two tabs of one user share a session)."""
    browser = Client()
    browser.force_login(user)
    return browser


def text(response) -> str:
    """The page's words, without markup and with single spaces."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def url(name, assessment) -> str:
    return reverse(f"assessments:{name}", args=[assessment.pk])


def opened(browser, name, assessment) -> dict:
    """What the page sends if saved as it was drawn."""
    return posted(browser.get(url(name, assessment)).context["form"])


def target(assessment, code) -> str:
    """The field name of ``code``'s target."""
    return f"target_{builders.rating_for(assessment=assessment, code=code).pk}"


def level(assessment, value) -> str:
    return str(builders.level(assessment=assessment, value=value).pk)


def targets_saved(assessment) -> dict:
    return {
        code: builders.rating_for(assessment=assessment, code=code).target_value
        for code in ("NV-01", "NV-02")
    }


# Targets ---------------------------------------------------------------------------------------


def test_a_target_saved_in_another_tab_is_shown_and_kept(draft, lead, second_lead):
    """Tab B's save after tab A's is a conflict showing A's target beside what B typed, and
    saving B's page again keeps both targets."""
    a, b = tab(lead), tab(second_lead)
    page_a, page_b = opened(a, "targets", draft), opened(b, "targets", draft)
    nv01, nv02 = target(draft, "NV-01"), target(draft, "NV-02")
    assert a.post(url("targets", draft), page_a | {nv01: level(draft, 4)}).status_code == 302

    response = b.post(url("targets", draft), page_b | {nv02: level(draft, 3)})

    assert response.status_code == 409
    page = text(response)
    assert "Your targets have not been saved" in page
    assert f"{lead.name} saved targets at" in page
    assert f"{lead.name} changed this target from no target to 4 – Strengthening" in page
    form = response.context["form"]
    assert set(form.changes) == {nv01}
    assert form[nv01].value() == level(draft, 4)  # theirs: B had not changed it
    assert form[nv02].value() == level(draft, 3)  # what B chose stays
    assert targets_saved(draft) == {"NV-01": 4, "NV-02": None}

    assert b.post(url("targets", draft), posted(form)).status_code == 302
    assert targets_saved(draft) == {"NV-01": 4, "NV-02": 3}


def test_a_target_both_changed_keeps_yours_and_shows_theirs(draft, lead, second_lead):
    """Where both tabs changed the same target, the form keeps B's and says saving again
    replaces A's; saving again does so knowingly."""
    a, b = tab(lead), tab(second_lead)
    page_a, page_b = opened(a, "targets", draft), opened(b, "targets", draft)
    nv01 = target(draft, "NV-01")
    a.post(url("targets", draft), page_a | {nv01: level(draft, 4)})

    response = b.post(url("targets", draft), page_b | {nv01: level(draft, 2)})

    assert response.status_code == 409
    form = response.context["form"]
    assert form[nv01].value() == level(draft, 2)
    assert form.changes[nv01].kept_yours
    assert "saving again replaces their target" in text(response)
    assert b.post(url("targets", draft), posted(form)).status_code == 302
    assert targets_saved(draft)["NV-01"] == 2


def test_a_target_saved_in_your_other_tab_says_it_was_you(draft, lead):
    """The same lead in two tabs is told they saved in another tab, not someone else."""
    first, second = tab(lead), tab(lead)
    page_1, page_2 = opened(first, "targets", draft), opened(second, "targets", draft)
    nv01, nv02 = target(draft, "NV-01"), target(draft, "NV-02")
    first.post(url("targets", draft), page_1 | {nv01: level(draft, 4)})

    response = second.post(url("targets", draft), page_2 | {nv02: level(draft, 3)})

    assert response.status_code == 409
    page = text(response)
    assert "You saved targets in another tab or window at" in page
    assert "You changed this target in another tab or window" in page
    assert OWN_CONFLICT_MESSAGE in page
    assert "Someone else saved" not in page and f"{lead.name} saved" not in page


def test_targets_save_after_someone_wrote_for_the_board(draft, lead, second_lead):
    """Writing for the board moves the assessment's version on but changes no target, so a
    targets page opened before it still saves."""
    targets_page = opened(tab(second_lead), "targets", draft)
    builders.prepare_for_board(user=lead, assessment=draft, summary="A good year.")
    nv02 = target(draft, "NV-02")

    response = tab(second_lead).post(url("targets", draft), targets_page | {nv02: level(draft, 3)})

    assert response.status_code == 302
    assert targets_saved(draft) == {"NV-01": None, "NV-02": 3}
    assert builders.reload(assessment=draft).lead_summary == "A good year."


# For the board -----------------------------------------------------------------------------


def test_the_boards_ask_saved_in_another_tab_is_shown_and_kept(draft, lead, second_lead):
    """Tab B's summary, saved after tab A changed the board's ask, is a conflict showing A's
    ask; saving B's page again keeps both."""
    a, b = tab(lead), tab(second_lead)
    page_a, page_b = opened(a, "board_summary", draft), opened(b, "board_summary", draft)
    a.post(url("board_summary", draft), page_a | {"board_ask": "Approve the plan."})

    response = b.post(url("board_summary", draft), page_b | {"summary": "Discharge is faster."})

    assert response.status_code == 409
    page = text(response)
    assert "What you wrote for the board has not been saved" in page
    assert f"{lead.name} saved what is written for the board at" in page
    assert f"{lead.name} changed this" in page
    form = response.context["form"]
    assert set(form.changes) == {"board_ask"}
    assert form["board_ask"].value() == "Approve the plan."
    assert form["summary"].value() == "Discharge is faster."

    assert b.post(url("board_summary", draft), posted(form)).status_code == 302
    saved = builders.reload(assessment=draft)
    assert (saved.lead_summary, saved.board_ask) == ("Discharge is faster.", "Approve the plan.")


def test_a_summary_saved_in_your_other_tab_says_it_was_you(draft, lead):
    """The same lead in two tabs is told they saved the summary in another tab."""
    first, second = tab(lead), tab(lead)
    page_1 = opened(first, "board_summary", draft)
    page_2 = opened(second, "board_summary", draft)
    first.post(url("board_summary", draft), page_1 | {"summary": "First tab."})

    response = second.post(url("board_summary", draft), page_2 | {"board_ask": "Note it."})

    assert response.status_code == 409
    page = text(response)
    assert "You saved what is written for the board in another tab or window" in page
    assert response.context["form"]["summary"].value() == "First tab."


def test_writing_for_the_board_saves_after_someone_set_targets(draft, lead, second_lead):
    """Targets change none of the board's text, so a "For the board" page opened before
    someone set them still saves."""
    board_page = opened(tab(second_lead), "board_summary", draft)
    builders.set_targets(user=lead, assessment=draft, targets={"NV-01": 4})

    response = tab(second_lead).post(url("board_summary", draft), board_page | {"summary": "Ok"})

    assert response.status_code == 302
    assert builders.reload(assessment=draft).lead_summary == "Ok"
    assert targets_saved(draft)["NV-01"] == 4


def test_the_service_refuses_only_a_change_to_what_the_page_showed(draft, lead, second_lead):
    """With ``seen``, a stale version is refused only if the summary or ask changed since;
    without it, as before, any stale version is."""
    opened_at = draft.version
    builders.set_targets(user=lead, assessment=draft, targets={"NV-01": 4})
    shown = board_services.BoardText(summary="", board_ask="")
    save = dict(user=second_lead, assessment_id=draft.pk, expected_version=opened_at)
    with pytest.raises(ConflictError):
        board_services.assessment_board_summary_update(**save, summary="A", board_ask="")
    board_services.assessment_board_summary_update(**save, summary="A", board_ask="", seen=shown)
    with pytest.raises(ConflictError):
        board_services.assessment_board_summary_update(
            **save, summary="B", board_ask="", seen=shown
        )
    assert builders.reload(assessment=draft).lead_summary == "A"


# Weights ---------------------------------------------------------------------------------------


def test_weights_save_after_someone_wrote_for_the_board(draft, lead, second_lead):
    """Writing for the board changes no weight, so a weights page opened before it saves."""
    weights_page = opened(tab(second_lead), "weights", draft)
    builders.prepare_for_board(user=lead, assessment=draft, summary="A good year.")
    nv05 = builders.rating_for(assessment=draft, code="NV-05")
    mine = weights_page | {f"weight_{nv05.pk}": "2", f"reason_{nv05.pk}": "Our focus"}

    response = tab(second_lead).post(url("weights", draft), mine)

    assert response.status_code == 302
    assert builders.rating_for(assessment=draft, code="NV-05").weight == 2


def test_a_weight_saved_in_your_other_tab_says_it_was_you(draft, lead):
    """The same lead in two tabs is told they saved weights in another tab."""
    first, second = tab(lead), tab(lead)
    page_1, page_2 = opened(first, "weights", draft), opened(second, "weights", draft)
    nv03 = builders.rating_for(assessment=draft, code="NV-03")
    nv05 = builders.rating_for(assessment=draft, code="NV-05")
    first.post(url("weights", draft), page_1 | {f"weight_{nv03.pk}": "3", f"reason_{nv03.pk}": "X"})

    response = second.post(
        url("weights", draft), page_2 | {f"weight_{nv05.pk}": "2", f"reason_{nv05.pk}": "Y"}
    )

    assert response.status_code == 409
    page = text(response)
    assert "You saved weights in another tab or window at" in page
    assert "You changed this weight in another tab or window from 1 to 3" in page
    assert OWN_CONFLICT_MESSAGE in page
    assert f"{lead.name} saved weights" not in page


# Query counts ----------------------------------------------------------------------------------


def _conflict_counts(client, posts) -> dict:
    counts = {}
    for size, (address, data) in posts.items():
        for _attempt in ("warm-up", "measured"):
            with CaptureQueriesContext(connection) as ctx:
                response = client.post(address, data)
            assert response.status_code == 409, response.content.decode()[:2000]
        counts[size] = len(ctx)
    return counts


@pytest.mark.parametrize("name", ["targets", "board_summary"])
def test_a_conflict_queries_do_not_grow_with_principles(client, lead, second_lead, sized, name):
    """The targets and "For the board" pages after a conflict, with the other person's
    changes, make the same number of queries for 12 and 120 principles."""
    client.force_login(second_lead)
    posts = {}
    for size, assessment in sized.items():
        data = posted(client.get(url(name, assessment)).context["form"])
        if name == "targets":
            first = assessment.ratings.filter(not_applicable=False).order_by("principle__order")[0]
            builders.set_targets(
                user=lead, assessment=assessment, targets={first.principle.code: 4}
            )
        else:
            builders.prepare_for_board(user=lead, assessment=assessment, summary="Theirs")
        posts[size] = (url(name, assessment), data)
    counts = _conflict_counts(client, posts)
    assert len(set(counts.values())) == 1, counts
    assert max(counts.values()) <= CONFLICT_CEILINGS[name], counts
