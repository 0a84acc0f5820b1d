"""How an action's status reads on a page."""

from django import template

from assessments.models import ActionStatus

register = template.Library()

LABELS = dict(ActionStatus.choices)
# GOV.UK tag colours: done is green, dropped grey, under way blue, not started light blue.
COLOURS = {
    ActionStatus.COMPLETED: "green",
    ActionStatus.DROPPED: "grey",
    ActionStatus.IN_PROGRESS: "blue",
}


@register.filter
def status_label(value: str) -> str:
    """"in_progress" -> "In progress"."""
    return LABELS.get(value, value)


@register.filter
def status_colour(value: str) -> str:
    return COLOURS.get(value, "light-blue")
