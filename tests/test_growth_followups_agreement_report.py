"""A principle added to the set after a team's agreement opened was never rated privately:
the report says so, rather than that everyone rated every principle, and keeps saying so
once the assessment is signed off."""

import pytest

from tests import builders
from tests import team_builders as team
from tests.pdftext import pdf_text
from tests.test_admin_review_set_growth import add_on_own_page
from tests.test_board_conflicts import text
from tests.test_consensus_reports import get

pytestmark = pytest.mark.django_db

LATE = "NV-13 was added to the set after agreement opened, so it was not rated privately."


def agreement_then_nv13(people, individual, raters, admin_client_user, *, finishing):
    """The first ``finishing`` raters rate everything and finish, agreement opens, then
    an admin adds NV-13."""
    for user in raters[:finishing]:
        team.rate_all_individually(user=user, assessment=individual)
        team.finish(user=user, assessment=individual)
    team.open_agreement(
        user=people["lead"], assessment=individual, although_unfinished=finishing < len(raters)
    )
    add_on_own_page(admin_client_user)
    return builders.reload(assessment=individual)


def test_everyone_finished_then_a_principle_was_added(
    client, people, individual, raters, admin_client_user
):
    """The sentence names NV-13 as the one principle not rated privately, on the page, in the
    PDF and after sign-off."""
    draft = agreement_then_nv13(people, individual, raters, admin_client_user, finishing=3)
    said = (
        "3 people rated every principle privately before the team agreed each rating "
        "together, except NV-13: it was added to the set after agreement opened, so it was "
        "not rated privately."
    )
    viewer = people["viewer"]
    assert said in text(get(client, viewer, "assessments:report", draft.pk))
    builders.complete(user=people["lead"], assessment=draft, value=3)
    builders.submit(user=people["lead"], assessment=draft)
    builders.sign_off(user=people["approver"], assessment=draft)
    assert said in text(get(client, viewer, "assessments:report", draft.pk))
    pdf = pdf_text(get(client, viewer, "assessments:report_pdf", draft.pk).content)
    assert said in " ".join(pdf.split())


def test_some_finished_then_a_principle_was_added(
    client, people, individual, raters, admin_client_user
):
    """One of three had finished: the report says so, and why NV-13 has no ratings."""
    draft = agreement_then_nv13(people, individual, raters, admin_client_user, finishing=1)
    page = text(get(client, people["viewer"], "assessments:report", draft.pk))
    assert "and 1 of them had finished when agreement opened" in page
    assert f"fewer individual ratings than others. {LATE}" in page
