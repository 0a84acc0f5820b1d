"""The board pack scores from plain values (``assessments.score_rows``): each rating's values
are what ``Rating``'s display properties give, and every score is the read model's."""

import dataclasses

import pytest

from assessments import read_model, score_rows
from partnerships.models import Role
from tests.board_pack_data import hand_checked_services
from tests.builders import rate, set_targets

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessments(partnership, people):
    found = hand_checked_services(partnership, people)
    lead = people[Role.LEAD]
    draft = found["alpha_draft"]
    rate(user=lead, assessment=draft, code="NV-04", value=None, na=True, reason="No children.")
    set_targets(user=lead, assessment=draft, targets={"NV-03": 5, "NV-05": 4})
    return [found["alpha"], found["alpha_draft"], found["beta_before"], found["beta"]]


def test_each_rating_reads_as_the_model_shows_it(assessments):
    """Frozen at submission, or the principle's current text and level in a draft; with and
    without a level, not applicable, with and without a target."""
    models = read_model.ratings_for(assessments)
    rows = score_rows.rating_rows(a.pk for a in assessments)
    assert set(rows) == set(models)
    names = [f.name for f in dataclasses.fields(score_rows.RatingRow) if f.name != "order"]
    for pk, ratings in models.items():
        assert len(rows[pk]) == len(ratings)
        for row, rating in zip(rows[pk], ratings, strict=True):
            assert row.order == rating.principle.order
            assert {n: getattr(row, n) for n in names} == {n: getattr(rating, n) for n in names}
    draft_rows = rows[assessments[1].pk]
    assert any(r.target_value is not None for r in draft_rows)
    assert any(r.level_value is None and not r.not_applicable for r in draft_rows)
    assert any(r.not_applicable for r in draft_rows)


def test_scores_are_the_read_models(assessments, django_assert_num_queries):
    """The same scores, scales, words and previous assessments, in as few queries."""
    shown = [assessments[1], assessments[3]]
    expected = read_model.score_assessments(shown, among=assessments)
    with django_assert_num_queries(2):  # the levels of the draft's scale, every rating
        found = score_rows.score_assessments(shown, among=assessments)
    for a in shown:
        assert found[a.pk].score == expected[a.pk].score
        assert found[a.pk].scale == expected[a.pk].scale
        assert found[a.pk].bands == expected[a.pk].bands
        assert found[a.pk].previous == expected[a.pk].previous
        assert len(found[a.pk].previous_ratings) == len(expected[a.pk].previous_ratings)
    assert found[assessments[3].pk].previous == assessments[2]


def test_no_assessments_read_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert score_rows.rating_rows([]) == {}
