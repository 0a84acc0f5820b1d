"""How a principle's answer reads in reports, the same on every surface that shows it: the
report and its PDF, the board pack, and "We say, people say".

An answer carried forward from the last signed-off assessment that nobody has confirmed
yet reads as not rated, because it counts as not rated in every figure.
"""

CARRIED_FORWARD = "Not rated yet: carried forward and not confirmed"


def answer_text(rating) -> str:
    """A ``Rating`` (or a row with its display names), as a report words it."""
    if rating.carried_forward:
        return CARRIED_FORWARD
    if rating.not_applicable:
        return "Not applicable"
    if rating.level_value is None:
        return "Not rated"
    return f"{rating.level_value} – {rating.level_label}"
