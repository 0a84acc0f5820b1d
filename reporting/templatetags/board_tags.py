"""Page one's findings for one principle of a report, for the principle's own section; and
the board pack's repeated markup (``reporting.board_markup``)."""

from django import template

from reporting import board_markup
from reporting.across_services import heat_groups, heat_parts, section_headings
from reporting.page_one import gap_text

register = template.Library()

register.simple_tag(board_markup.heat_cells, name="heat_cells")
register.simple_tag(board_markup.heat_headings, name="heat_headings")
register.simple_tag(board_markup.assessment_choices, name="assessment_choices")
register.simple_tag(board_markup.lowest_rows, name="lowest_rows")
register.filter("gap_text", gap_text)


@register.filter
def heat_map_parts(pack):
    """The PDF's heat map as tables of a readable number of principles (``heat_parts``),
    each with its columns' sections."""
    included = pack.included
    return heat_parts(pack.columns, included, headings=section_headings(pack.columns, included))


@register.simple_tag
def heat_sections(pack):
    """The page's heat map columns' sections (``heat_groups``), none for a set of one."""
    return heat_groups(section_headings(pack.columns, pack.included) or ())


@register.filter
def target_of(row, report):
    """The principle's target and gap (``page_one.TargetRow``), or None without a target."""
    for target in report.page_one.targets:
        if target.row is row:
            return target
    return None


@register.filter
def no_action_in(row, report) -> bool:
    """Rated at a weak level with no open action: the report marks it "No action"."""
    return row.rating.code in report.page_one.no_action_codes
