"""A rater saving a rating of a principle an admin removes meanwhile is told the principle
went, not that they are no longer a rater."""

import pytest

from assessments.errors import RefusedError
from assessments.set_growth import draft_ratings_remove
from consensus.models import IndividualRating, Rater
from consensus.services import IndividualRatingInput, individual_rating_update
from tests.test_admin_review_set_growth import add_on_own_page
from tests.test_growth_followups_principle_removal import nv13

pytestmark = pytest.mark.django_db


def test_a_save_after_the_principle_was_removed_says_so(
    individual, admin_client_user, django_user_model
):
    """The individual rating went with its principle; the rater is still a rater."""
    add_on_own_page(admin_client_user)
    rater = Rater.objects.filter(assessment=individual).select_related("user").first()
    opened = IndividualRating.objects.get(rater=rater, rating__principle=nv13())
    admin = django_user_model.objects.get(username="site-admin")
    draft_ratings_remove(user=admin, principle_id=nv13().pk)
    with pytest.raises(RefusedError) as refused:
        individual_rating_update(
            user=rater.user,
            individual_rating_id=opened.pk,
            expected_version=opened.version,
            answer=IndividualRatingInput(
                level_id=None, not_applicable=False, not_applicable_reason="", rationale="Yes."
            ),
        )
    assert refused.value.code == "principle_removed"
    assert "removed from the set" in refused.value.message
