"""A draft whose lead has written the summary for the board, or its ask, is not empty:
admin keeps it, saying why, before anything is rated."""

import pytest

from assessments.models import Assessment
from partnerships.models import Role
from tests import builders
from tests.test_admin_delete_refusals import assert_refused_plainly, delete_page, post_delete

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "summary, board_ask", [("Three paragraphs of work.", ""), ("", "Approve the plan.")]
)
def test_a_draft_with_only_words_for_the_board_is_kept(
    admin_client_user, draft, people, summary, board_ask
):
    """The page states the rule and names the summary; posting deletes nothing."""
    builders.prepare_for_board(
        user=people[Role.LEAD], assessment=draft, summary=summary, board_ask=board_ask
    )
    page = delete_page(admin_client_user, draft)
    assert_refused_plainly(page)
    assert "(the lead's summary for the board, or its ask)" in page
    assert post_delete(admin_client_user, draft).status_code == 200
    assert Assessment.objects.filter(pk=draft.pk).exists()
