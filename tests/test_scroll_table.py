"""The scroll_table tag: a named, keyboard-reachable region around a table and its caption."""

from django.template import Context, Template


def _render(tag: str, context: dict | None = None) -> str:
    source = (
        "{% load scroll_table %}" + tag + "<tbody><tr><td>1</td></tr></tbody>{% endscroll_table %}"
    )
    return Template(source).render(Context(context or {}))


def test_region_is_named_after_the_caption_by_default():
    """Without a label the region's name is the caption followed by "(table)"."""
    html = _render('{% scroll_table caption="Members" %}')
    assert 'role="region" aria-label="Members (table)" tabindex="0"' in html
    assert '<caption class="govuk-table__caption govuk-visually-hidden">Members</caption>' in html
    assert html.index("<caption") < html.index("<tbody>") < html.index("</table>")


def test_a_label_names_the_region_and_classes_go_where_asked():
    """A label replaces the caption's name; region and table classes are the ones given."""
    html = _render(
        '{% scroll_table caption="Raters" label="Raters and their progress (table)" '
        'region_class="app-data-table" table_class="" caption_class="" %}'
    )
    assert '<div class="app-data-table app-table-scroll" role="region"' in html
    assert 'aria-label="Raters and their progress (table)"' in html
    assert "<table>" in html and "<caption>Raters</caption>" in html


def test_names_from_data_are_escaped():
    """A partnership's name is escaped in both the caption and the region's name."""
    html = _render('{% scroll_table caption="Members of "|add:name %}', {"name": "A & <B>"})
    assert "Members of A &amp; &lt;B&gt;</caption>" in html
    assert 'aria-label="Members of A &amp; &lt;B&gt; (table)"' in html
    assert "<B>" not in html
