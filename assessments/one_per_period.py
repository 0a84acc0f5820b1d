"""One assessment per service, principle set and year, even when starts arrive at once."""

from partnerships.models import Service

from .errors import RefusedError
from .models import Assessment

DUPLICATE = "duplicate"


def duplicate_message(*, service: Service, period: str) -> str:
    return f"{service.name} already has an assessment against these principles for {period}"


def refuse_second_assessment(*, service: Service, principle_set, period: str) -> None:
    """Refuse to start an assessment the service already has, even one starting right now.

    Call it inside the start's transaction. The service's row stays locked until that ends,
    so starts of one service queue here (a double click, two tabs, two leads): each later
    one sees the assessment the first made and is refused with a clear message and the
    code ``duplicate``, instead of failing on the database's unique constraint. Starts
    of other services do not wait here.
    """
    # Only the service's row: its default ordering joins its partnership, whose row every
    # service and invitation of the partnership shares.
    list(
        Service.objects.select_for_update(of=("self",))
        .filter(pk=service.pk)
        .order_by()
        .values_list("pk", flat=True)
    )
    if Assessment.objects.filter(
        service=service, principle_set=principle_set, period=period
    ).exists():
        raise RefusedError(duplicate_message(service=service, period=period), code=DUPLICATE)
