"""``{% scroll_table %}``: a table in a region that scrolls sideways on a narrow screen.

At 320 CSS pixels a wide table would make the whole page scroll sideways (WCAG 2.2
reflow, 1.4.10). Inside this region only the table scrolls; the region is named and can
be reached with the keyboard, so people who cannot use a mouse can scroll it too. The tag
writes the region, the table and its caption, so each page states only its rows.
"""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_block_tag
def scroll_table(
    content,
    *,
    caption: str,
    label: str = "",
    region_class: str = "",
    table_class: str = "govuk-table",
    caption_class: str = "govuk-table__caption govuk-visually-hidden",
):
    """The region around ``content`` (the table's head and body), named ``label`` or,
    without one, after the caption."""
    return format_html(
        '<div class="{}" role="region" aria-label="{}" tabindex="0">\n'
        "<table{}>\n"
        "  <caption{}>{}</caption>{}</table>\n"
        "</div>",
        " ".join(filter(None, [region_class, "app-table-scroll"])),
        label or f"{caption} (table)",
        format_html(' class="{}"', table_class) if table_class else "",
        format_html(' class="{}"', caption_class) if caption_class else "",
        caption,
        content,
    )
