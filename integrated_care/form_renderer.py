"""Django's form renderer, with its plainest widgets written in Python.

Every text box, hidden input, textarea, checkbox and select on a page is otherwise a
template render with includes for its attributes and each option: a quarter of the
principle page's time, and most of the weights page's (two fields for each of up to 120
principles). These functions produce exactly what Django's own widget templates do
(tests/test_form_renderer.py compares them on generated widgets); anything else, and
any value they do not expect, goes to the templates as before.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

_WIDGETS = "django/forms/widgets/"
_INPUTS = {
    f"{_WIDGETS}{name}.html"
    for name in ("text", "hidden", "number", "email", "password", "url", "tel", "search")
}
_INPUTS.add(f"{_WIDGETS}checkbox.html")
_OPTION = f"{_WIDGETS}select_option.html"


class Unexpected(Exception):
    """A value the templates would format in a way these functions do not copy."""


def _text(value) -> str:
    """``{{ value }}``: text and lazy text escaped; numbers and dates would be localised."""
    if isinstance(value, str | Promise):
        return conditional_escape(value)
    raise Unexpected


def _formatted(value) -> str:
    """``{{ value|stringformat:'s' }}``, which keeps text marked safe as safe."""
    if isinstance(value, tuple):
        value = str(value)
    text = str(value)  # what "%s" does
    if isinstance(value, SafeData):
        text = mark_safe(text)  # noqa: S308 - it was safe already: the filter keeps it so
    return conditional_escape(text)


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is not False:
            parts.append(" " + _text(name))
            if value is not True:
                parts.append(f'="{_formatted(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}'
        f"{_attrs(widget['attrs'])}>"
    )


def _textarea(widget: dict) -> str:
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _select(widget: dict) -> str:
    options = []
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            raise Unexpected  # option groups: left to the template
        for option in group_choices:
            if option["template_name"] != _OPTION:
                raise Unexpected
            # select_option.html ends with a line break, which each option keeps.
            options.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"
            )
    return (
        f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>'
        + "".join(options)
        + "\n</select>"
    )


_RENDER = {name: _input for name in _INPUTS}
_RENDER[f"{_WIDGETS}textarea.html"] = _textarea
_RENDER[f"{_WIDGETS}select.html"] = _select


class FastWidgetRenderer(DjangoTemplates):
    """The default renderer, with the widgets above drawn without templates."""

    def render(self, template_name, context, request=None):
        render = _RENDER.get(template_name)
        if render is not None:
            try:
                return render(context["widget"]).strip()
            except (Unexpected, KeyError):
                pass
        return super().render(template_name, context, request=request)
