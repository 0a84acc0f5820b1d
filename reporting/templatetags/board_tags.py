"""Page one's findings for one principle of a report, for the principle's own section."""

from django import template

register = template.Library()


@register.filter
def target_of(row, report):
    """The principle's target and gap (``page_one.TargetRow``), or None without a target."""
    for target in report.page_one.targets:
        if target.row is row:
            return target
    return None


@register.filter
def no_action_in(row, report) -> bool:
    """Rated in the lowest two levels with no open action: the report marks it "No action"."""
    return row.rating.code in report.page_one.no_action_codes
