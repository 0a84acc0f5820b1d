"""People's voice in the board pack's templates (the pack itself is built in ``reporting``)."""

from django import template

from .. import board

register = template.Library()


@register.simple_tag
def not_asked_text(pack) -> str:
    """``{% not_asked_text pack as not_asked %}``: the sentence naming the pack's shown
    services that did not ask people who use them, or ""."""
    return board.not_asked_text(pack.included, pack.voice)
