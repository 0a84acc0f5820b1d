"""Starting from last year's signed-off assessment: a weight nobody chose (it was that year's
default, with no reason) takes today's default; a weight chosen with a reason is carried with
its reason. Nobody is asked why a weight they never set differs from the default."""

import pytest

from principles.models import Principle
from tests import builders
from tests.figures import assess, signed

pytestmark = pytest.mark.django_db


@pytest.fixture
def last_year(lead, service, people):
    """2025/26, signed off: NV-01 at its default of 1, NV-03 chosen as 5 ("Board focus")."""
    return signed(assess(lead, service, period="2025/26", weights={"NV-03": 5}), people)


def carried(lead, service):
    return builders.start(user=lead, service=service, period="2026/27", carry_forward=True)


def weight_of(assessment, code) -> tuple[int, str]:
    rating = builders.rating_for(assessment=assessment, code=code)
    return rating.weight, rating.weight_reason


def test_a_weight_nobody_chose_takes_todays_default(lead, service, last_year):
    """NV-01's default went from 1 to 3 since: the carried draft weighs it 3, with no reason,
    and saving weights asks for no reason for it."""
    Principle.objects.filter(code="NV-01").update(default_weight=3)
    draft = carried(lead, service)
    assert weight_of(draft, "NV-01") == (3, "")
    nv02 = builders.rating_for(assessment=draft, code="NV-02")
    builders.set_weights(user=lead, assessment=draft, weights={nv02.pk: (2, "Carers asked")})
    assert weight_of(draft, "NV-01") == (3, "")
    assert weight_of(draft, "NV-02") == (2, "Carers asked")


def test_a_chosen_weight_is_carried_with_its_reason(lead, service, last_year):
    """NV-03, chosen as 5 with a reason, stays 5 with that reason whatever today's default."""
    Principle.objects.filter(code="NV-03").update(default_weight=2)
    draft = carried(lead, service)
    assert weight_of(draft, "NV-03") == (5, "Board focus")


def test_unchanged_defaults_carry_as_before(lead, service, last_year):
    """With no default changed, every weight is as last year's."""
    draft = carried(lead, service)
    assert weight_of(draft, "NV-01") == (1, "")
    assert weight_of(draft, "NV-03") == (5, "Board focus")
