"""Reads of principle sets, shaped for pages and reports."""

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from .models import Principle, PrincipleGroup, PrincipleSet, RatingScale


def principle_set_list() -> QuerySet[PrincipleSet]:
    return PrincipleSet.objects.annotate(principle_count=Count("principles")).order_by("title")


def principle_set_get(*, slug: str) -> PrincipleSet:
    return get_object_or_404(PrincipleSet, slug=slug)


def principle_set_get_with_groups(*, slug: str) -> PrincipleSet:
    """A set with its groups and each group's principles, in published order, in three queries."""
    groups = PrincipleGroup.objects.order_by("order").prefetch_related(
        Prefetch("principles", queryset=Principle.objects.order_by("order"))
    )
    return get_object_or_404(
        PrincipleSet.objects.select_related("rating_scale").prefetch_related(
            Prefetch("groups", queryset=groups)
        ),
        slug=slug,
    )


def rating_scale_for_set(*, principle_set: PrincipleSet) -> RatingScale | None:
    """The set's own scale, or the default scale when the set names none.

    None when it names none and no scale is the default: admin refuses that, but data can
    still get there another way (a fixture, the shell), and callers must refuse, not fail.
    """
    if principle_set.rating_scale_id:
        return principle_set.rating_scale
    return RatingScale.objects.filter(is_default=True).first()
