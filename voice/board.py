"""We say, people say in the board pack: what its section says about the pack as a whole.

The pack (``reporting.board_pack``) hands over the shown services and each one's people's
voice; this works out the rest from those, with no queries.
"""

from collections.abc import Iterable, Sequence

from django.utils.text import get_text_list


def not_asked(included: Iterable, voice: Sequence[tuple]) -> list[str]:
    """The names of the shown services whose assessment had no feedback form, in the pack's
    order. ``included`` are the pack's shown services; ``voice`` its (service, people's
    voice) pairs, one for every shown assessment with a form, answered or not."""
    asked = {summary.assessment.pk for summary, _ in voice}
    return [s.service.name for s in included if s.assessment.pk not in asked]


def not_asked_text(included: Iterable, voice: Sequence[tuple]) -> str:
    """The sentence naming the shown services that did not ask people, or "" when every one
    did. Without it a board member could take the services missing from the section for ones
    whose figures were left out."""
    names = not_asked(included, voice)
    if not names:
        return ""
    if len(names) == 1:
        return f"{names[0]} did not ask people who use it for feedback for the assessment shown."
    return (
        f"{get_text_list(names, 'and')} did not ask people who use them for feedback for the "
        "assessments shown."
    )
