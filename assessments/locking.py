"""How every change to an assessment begins and ends, whichever service makes it.

The assessment row is locked first (then any rating), once the workflow and the user's role
allow the change; the version the user's page was opened at must still be the saved one;
and a saved change moves the version on, so any page opened before it is refused.
"""

from partnerships.permissions import require

from . import workflow
from .errors import check_saved_version
from .models import Assessment


def lock_for_change(assessment_id: int, user, transition: workflow.Transition) -> Assessment:
    """The assessment, locked, once the workflow and the user's role allow the change."""
    # Lock only the assessment row, not the joined service, set and scale rows
    # that every other assessment shares.
    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("service", "principle_set", "rating_scale")
        .get(pk=assessment_id)
    )
    workflow.check(transition, assessment)
    require(user, transition.action, assessment.service.partnership_id)
    return assessment


def check_version(obj, expected_version: int, *, yours: bool = False) -> None:
    check_saved_version(obj, saved=obj.version, expected=expected_version, yours=yours)


def check_own_fields(assessment: Assessment, expected_version: int, *, unchanged: bool) -> None:
    """``check_version``, except that a page opened before someone else's save of other
    fields (``unchanged``: every field it shows is as saved now) may still save."""
    if unchanged and expected_version < assessment.version:
        return
    check_version(assessment, expected_version)


def bump_version(assessment: Assessment, user, fields: list[str]) -> None:
    assessment.version += 1
    assessment._history_user = user
    assessment.save(update_fields=[*fields, "version", "updated_at"])
