"""How every demo assessment starts, in each app's demo data. Never used in production."""

from partnerships.models import Partnership, Service

from .models import Assessment
from .services import assessment_start


def demo_assessment_start(
    *,
    lead,
    partnership: Partnership,
    service: Service,
    period: str,
    carry_forward: bool = False,
    team_scoring: bool = False,
) -> Assessment:
    """An assessment of the partnership's default principle set, titled by service and year."""
    return assessment_start(
        user=lead,
        service=service,
        principle_set=partnership.default_principle_set,
        period=period,
        title=f"{service.name} {period}",
        carry_forward=carry_forward,
        team_scoring=team_scoring,
    )
