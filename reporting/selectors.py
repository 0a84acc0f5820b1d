"""Reads the reports make of their own, beside those of ``assessments``' selectors."""

from collections.abc import Iterable

from django.db.models import Q

from assessments.models import Rating


def any_target_set(assessment_ids: Iterable[int]) -> bool:
    """Whether any of these assessments set a target for any principle: the one frozen at
    submission once submitted, else the one set now (as ``Rating.target_value`` reads it).
    One query, none without assessments."""
    ids = list(assessment_ids)
    if not ids:
        return False
    frozen = ~Q(frozen_code="")
    return (
        Rating.objects.filter(assessment_id__in=ids)
        .filter(
            (frozen & Q(frozen_target_value__isnull=False))
            | (~frozen & Q(target_level__isnull=False))
        )
        .exists()
    )
