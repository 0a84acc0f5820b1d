"""Reads of improvement actions with their current state, scoped to the user's partnerships.

An action's current state is its latest update's status and due date, or its own when it
has none (``with_current``, in SQL, so filters and counts need no extra queries). An
action carried forward into a later assessment is followed there: the copy is the one
shown on the Actions page, and the original can no longer be updated (``superseded``).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from assessments.models import CLOSED_STATUSES, AssessmentState, ImprovementAction
from partnerships.models import Partnership, Service
from partnerships.permissions import partnership_roles

from .models import ActionUpdate

SOON_DAYS = 30  # "due in the next 30 days"


def with_current(actions: QuerySet[ImprovementAction], *, today: date) -> QuerySet:
    """The actions annotated with ``current_status``, ``current_due_date``, ``version`` (the
    latest update's id, 0 before the first), ``superseded`` and ``overdue``."""
    latest = ActionUpdate.objects.filter(action=OuterRef("pk")).order_by("-pk")
    return actions.annotate(
        current_status=Coalesce(Subquery(latest.values("status")[:1]), F("status")),
        current_due_date=Coalesce(Subquery(latest.values("due_date")[:1]), F("due_date")),
        version=Coalesce(Subquery(latest.values("pk")[:1]), Value(0)),
        superseded=Exists(ImprovementAction.objects.filter(carried_from=OuterRef("pk"))),
    ).annotate(
        overdue=Case(
            When(
                Q(current_due_date__lt=today) & ~Q(current_status__in=CLOSED_STATUSES),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def _for_display(actions: QuerySet[ImprovementAction]) -> QuerySet[ImprovementAction]:
    return actions.select_related(
        "rating__principle__group",
        "rating__assessment__service",
        "rating__assessment__principle_set",
        "carried_from__rating__assessment",
    )


@dataclass(frozen=True)
class Filters:
    """What the Actions page is filtered by; blank means any."""

    due: str = ""  # "overdue" or "soon"
    service_id: int | None = None
    owner: str = ""
    status: str = ""

    @property
    def any(self) -> bool:
        return bool(self.due or self.service_id or self.owner or self.status)


def partnership_actions(
    partnership: Partnership, *, filters: Filters, today: date
) -> list[ImprovementAction]:
    """Every action of the partnership's assessments, across services and sets, in one query.

    Carried-forward originals are left out: their copy stands for them. Soonest due first.
    """
    actions = with_current(
        ImprovementAction.objects.filter(rating__assessment__service__partnership=partnership),
        today=today,
    ).filter(superseded=False)
    if filters.due == "overdue":
        actions = actions.filter(overdue=True)
    elif filters.due == "soon":
        actions = actions.filter(
            current_due_date__gte=today,
            current_due_date__lte=today + timedelta(days=SOON_DAYS),
        ).exclude(current_status__in=CLOSED_STATUSES)
    if filters.service_id:
        actions = actions.filter(rating__assessment__service_id=filters.service_id)
    if filters.owner:
        actions = actions.filter(owner=filters.owner)
    if filters.status:
        actions = actions.filter(current_status=filters.status)
    return list(
        _for_display(actions).order_by(
            "current_due_date", "rating__assessment__service__name", "pk"
        )
    )


def partnership_services(partnership: Partnership) -> list[Service]:
    return list(partnership.services.order_by("name"))


def partnership_owners(partnership: Partnership) -> list[str]:
    """Every owner named on the partnership's actions, in order, once each."""
    return list(
        ImprovementAction.objects.filter(rating__assessment__service__partnership=partnership)
        .order_by("owner")
        .values_list("owner", flat=True)
        .distinct()
    )


def action_get(*, user, pk: int, today: date) -> ImprovementAction:
    """One action of the user's partnerships, with its current state (404 otherwise), and
    ``last_noted_on``, its latest update's date (None before the first), which the next
    update cannot be before."""
    latest = ActionUpdate.objects.filter(action=OuterRef("pk")).order_by("-pk")
    action = (
        _for_display(
            with_current(
                ImprovementAction.objects.filter(
                    rating__assessment__service__partnership_id__in=partnership_roles(user).keys()
                ),
                today=today,
            )
        )
        .annotate(last_noted_on=Subquery(latest.values("noted_on")[:1]))
        .filter(pk=pk)
        .first()
    )
    if action is None:
        raise Http404("No such action")
    return action


def action_updates(action: ImprovementAction) -> list[ActionUpdate]:
    """The action's updates, newest first, with who made each."""
    return list(action.updates.select_related("created_by").order_by("-pk"))


def action_state_seen(*, action: ImprovementAction, version: int) -> tuple[str, date] | None:
    """The status and due date the action had at ``version`` (the id of its latest update
    then, 0 before any): what a page opened then showed. None for a version that was never
    the action's, which only a tampered page sends."""
    if version == 0:
        return action.status, action.due_date
    update = action.updates.filter(pk=version).values_list("status", "due_date").first()
    return tuple(update) if update else None


def action_latest_update(action: ImprovementAction) -> ActionUpdate | None:
    """The action's latest update, with who made it; None before the first."""
    return action.updates.select_related("created_by").order_by("-pk").first()


def carried_into(action: ImprovementAction) -> ImprovementAction | None:
    """The copy of the action in the next assessment, if it was carried forward."""
    return (
        ImprovementAction.objects.select_related("rating__assessment", "rating__principle")
        .filter(carried_from=action)
        .order_by("pk")
        .first()
    )


def is_updatable(action: ImprovementAction) -> bool:
    """Updates are for a signed-off assessment's actions that were not carried forward."""
    return action.rating.assessment.state == AssessmentState.SIGNED_OFF and not action.superseded


def updates_by_action(actions: Iterable[ImprovementAction]) -> dict[int, list[ActionUpdate]]:
    """Each action's updates, oldest first, by action id, for the spreadsheets' progress
    columns: for a carried-forward copy, those of the actions it carries forward (its
    ``carried_from`` chain) first, then its own. Each update has ``period``, the period of
    the assessment whose action it was recorded on.

    Progress is recorded only on a signed-off assessment's action, so until its assessment
    is signed off a copy has none of its own: the progress so far is on the original. Two
    queries however many actions and however long the chains (one with no copies, none
    for no actions).
    """
    actions = list(actions)
    if not actions:
        return {}
    carried_from = _carried_from(actions)
    chains = {action.pk: _chain(action, carried_from) for action in actions}
    recorded: dict[int, list[ActionUpdate]] = {pk: [] for chain in chains.values() for pk in chain}
    for update in (
        ActionUpdate.objects.filter(action_id__in=recorded)
        .annotate(period=F("action__rating__assessment__period"))
        .order_by("pk")
    ):
        recorded[update.action_id].append(update)
    return {
        pk: [update for link in reversed(chain) for update in recorded[link]]
        for pk, chain in chains.items()
    }


def _carried_from(actions: list[ImprovementAction]) -> dict[int, int]:
    """Which action each copy carries forward, for every copy in the services of the copies
    among ``actions`` (an action is carried only within its service, so a chain stays in
    it): one query, none if no action is a copy."""
    copies = [action.pk for action in actions if action.carried_from_id]
    if not copies:
        return {}
    services = ImprovementAction.objects.filter(pk__in=copies).values(
        "rating__assessment__service_id"
    )
    return dict(
        ImprovementAction.objects.filter(
            rating__assessment__service_id__in=services, carried_from__isnull=False
        ).values_list("pk", "carried_from_id")
    )


def _chain(action: ImprovementAction, carried_from: dict[int, int]) -> list[int]:
    """The action's id, then those of the actions it carries forward, newest first."""
    chain = [action.pk]
    earlier = action.carried_from_id
    while earlier and earlier not in chain:  # a loop in bad data stops, not hangs
        chain.append(earlier)
        earlier = carried_from.get(earlier)
    return chain
