"""What the principle (rating) page is posted, and where, for the page tests."""

from django.urls import reverse

from tests.formtools import management

MANAGEMENT = management(total=1)


def principle_url(assessment, code):
    """The address of ``assessment``'s page for the principle ``code``."""
    return reverse("assessments:principle", args=[assessment.pk, code])


def rating_post(rating, button="save_continue", *, answer=None, evidence="", reason="", **extra):
    """What the page posts for ``rating`` when ``button`` is pressed: no action added."""
    data = {
        **MANAGEMENT,
        button: "1",
        "answer": answer or "",
        "evidence": evidence,
        "not_applicable_reason": reason,
        "version": rating.version,
    }
    data.update(extra)
    return data


def level_pk(assessment, value):
    """The id of ``assessment``'s level ``value``, as the answer radio posts it."""
    return str(assessment.rating_scale.levels.get(value=value).pk)
