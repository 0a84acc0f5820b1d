"""Assessments rated to order and the figures a reader checks them by, for the tests that
the words and numbers agree on every surface (issue 10)."""

from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse

from assessments.models import Assessment
from partnerships.models import Role
from tests import builders

WORDS = {1: "Not evident", 2: "Limited", 3: "Growing", 4: "Strengthening", 5: "Embedded"}
NV = "national-voices"


def assess(lead, service, *, period="2026/27", levels=(), weights=(), na=()) -> Assessment:
    """A draft rated 3 throughout, except ``levels`` ({code: level, None for unrated}),
    with ``weights`` ({code: weight}) and ``na`` (codes not applicable)."""
    assessment = builders.start(user=lead, service=service, period=period)
    levels = dict(levels)
    for n in range(1, 13):
        code = f"NV-{n:02d}"
        if code in na:
            builders.rate(
                user=lead, assessment=assessment, code=code, value=None, na=True, reason="No."
            )
        elif levels.get(code, 3) is not None:
            builders.rate(user=lead, assessment=assessment, code=code, value=levels.get(code, 3))
    if weights:
        builders.set_weights(
            user=lead,
            assessment=assessment,
            weights={
                builders.rating_for(assessment=assessment, code=code).pk: (weight, "Board focus")
                for code, weight in dict(weights).items()
            },
        )
    return builders.reload(assessment=assessment)


def signed(assessment, people) -> Assessment:
    """``assessment`` submitted by the lead and signed off by the approver."""
    builders.submit(user=people[Role.LEAD], assessment=assessment)
    return builders.sign_off(user=people[Role.APPROVER], assessment=assessment)


def page(client, name, *args) -> str:
    """The text of the assessments page ``name`` (with URL ``args``) as ``client`` sees it."""
    return client.get(reverse(f"assessments:{name}", args=args)).content.decode()


def half_up(value) -> int:
    """``value`` rounded to a whole number, halves up, as the pages round."""
    return int(Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
