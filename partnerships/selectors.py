"""Reads of partnerships and services, always scoped to the user's own partnerships."""

from django.db.models import QuerySet
from django.http import Http404

from partnerships.models import Partnership, Service
from partnerships.permissions import partnership_roles


def partnerships_for_user(user) -> QuerySet[Partnership]:
    return Partnership.objects.filter(pk__in=partnership_roles(user).keys())


def services_for_user(user) -> QuerySet[Service]:
    return Service.objects.filter(partnership_id__in=partnership_roles(user).keys())


def partnership_get(*, user, slug: str) -> Partnership:
    """One of the user's partnerships; anyone else's is not found."""
    partnership = partnerships_for_user(user).filter(slug=slug).first()
    if partnership is None:
        raise Http404("No such partnership")
    return partnership
