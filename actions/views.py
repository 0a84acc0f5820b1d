"""The partnership's Actions page, its spreadsheets, and each action's page and update form.

Every member of the partnership may read these; leads and contributors record updates
(``Action.UPDATE_ACTIONS``). Anyone else gets "Page not found".
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from assessments import workflow
from assessments.errors import ConflictError, OutOfDateError, RefusedError
from assessments.views.not_saved import Back, MovedOn, Section, person_name, typed
from partnerships.permissions import Action, can
from partnerships.selectors import partnership_get
from reporting.documents import download_name

from . import exports, selectors, services
from .forms import ActionUpdateForm, FiltersForm, posted_after_conflict, posted_version

SPREADSHEET_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _filtered(request, partnership):
    today = timezone.localdate()
    form = FiltersForm(
        request.GET or None,
        services=selectors.partnership_services(partnership),
        owners=selectors.partnership_owners(partnership),
    )
    filters = form.filters() if request.GET else selectors.Filters()
    return form, filters, selectors.partnership_actions(partnership, filters=filters, today=today)


def actions_page(request, partnership_slug):
    """Every improvement action of the partnership, with its current status, filterable."""
    partnership = partnership_get(user=request.user, slug=partnership_slug)
    form, filters, actions = _filtered(request, partnership)
    query = request.GET.urlencode()
    return render(
        request,
        "actions/actions.html",
        {
            "partnership": partnership,
            "filters_form": form,  # not "form": a filter left out is no error in the title
            "filters": filters,
            "actions": actions,
            "overdue_count": sum(a.overdue for a in actions),
            "query": f"?{query}" if query else "",
            "can_update": can(request.user, Action.UPDATE_ACTIONS, partnership.pk),
        },
    )


def actions_export(request, partnership_slug, fmt):
    """The Actions page, with the same filters, as CSV or Excel."""
    if fmt not in SPREADSHEET_TYPES:
        raise Http404("No such format")
    partnership = partnership_get(user=request.user, slug=partnership_slug)
    _, _, actions = _filtered(request, partnership)
    rows = exports.rows(actions)
    content = (
        exports.to_csv(rows) if fmt == "csv" else exports.to_xlsx(rows, title="Improvement actions")
    )
    response = HttpResponse(content, content_type=SPREADSHEET_TYPES[fmt])
    filename = download_name(partnership.name, "improvement actions", extension=fmt)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def action_detail(request, action_id):
    """One action: as agreed, its current state, and every update since sign-off."""
    action = selectors.action_get(user=request.user, pk=action_id, today=timezone.localdate())
    partnership_id = action.rating.assessment.service.partnership_id
    return render(
        request,
        "actions/detail.html",
        {
            "action": action,
            "assessment": action.rating.assessment,
            "updates": selectors.action_updates(action),
            "carried_into": selectors.carried_into(action) if action.superseded else None,
            "can_update": selectors.is_updatable(action)
            and can(request.user, Action.UPDATE_ACTIONS, partnership_id),
            # Before sign-off the action is changed on its principle's page: only someone
            # who may edit the draft now is told to go and change it there.
            "can_edit": workflow.may(request.user, workflow.EDIT, action.rating.assessment),
        },
    )


def action_update(request, action_id):
    """Record progress: a new status, a dated note, a new due date with a reason."""
    today = timezone.localdate()
    action = selectors.action_get(user=request.user, pk=action_id, today=today)
    assessment = action.rating.assessment
    if not can(request.user, Action.UPDATE_ACTIONS, assessment.service.partnership_id):
        raise PermissionDenied("Only a lead or contributor can update actions.")

    def page(form, conflict=None, status=200):
        context = {"action": action, "assessment": assessment, "form": form, "conflict": conflict}
        return render(request, "actions/update.html", context, status=status)

    def form_for(data=None, version=None):
        return ActionUpdateForm(
            data,
            current_status=action.current_status,
            current_due_date=action.current_due_date,
            period=assessment.period,
            last_noted_on=action.last_noted_on,
            initial={
                "status": action.current_status,
                "due_date": action.current_due_date,
                "noted_on": today,
                "version": action.version if version is None else version,
            },
        )

    def conflict(current, opened_at: int):
        # Someone updated the action after this page was opened: show theirs, keep what was
        # typed, and redraw the form at their update, so saving again is a knowing choice
        # that puts back nothing of theirs the user did not change.
        seen = selectors.action_state_seen(action=action, version=opened_at)
        again = form_for(
            posted_after_conflict(
                request.POST,
                seen=seen,
                now=(action.current_status, action.current_due_date),
                version=action.version,
            )
        )
        again.is_valid()
        error = ConflictError(current)
        again.add_error(None, ValidationError(error.message, code=error.code))
        return page(again, conflict=current, status=409)

    if not selectors.is_updatable(action):
        if request.method == "POST":  # carried forward while the page was open, say
            return _not_saved(request, action, form_for(request.POST))
        messages.error(request, _not_updatable(action))
        return redirect("actions:detail", action_id=action.pk)
    if request.method != "POST":
        return page(form_for())
    # Checked before the form, which is checked against the action's state now: a page
    # opened before someone else's update would be told about changes it never made.
    opened_at = posted_version(request.POST)
    if opened_at is not None and opened_at < action.version:
        return conflict(selectors.action_latest_update(action), opened_at)
    form = form_for(request.POST)
    if not form.is_valid():
        return page(form)
    data = form.cleaned_data
    try:
        services.action_update_record(
            user=request.user,
            action_id=action.pk,
            expected_version=data["version"],
            update=services.UpdateInput(
                status=data["status"],
                due_date=data["due_date"],
                noted_on=data["noted_on"],
                note=data["note"],
                due_date_reason=data["due_date_reason"],
                dropped_reason=data["dropped_reason"],
            ),
        )
    except ConflictError as error:
        # Saved by someone else between the check above and this save.
        fresh = selectors.action_get(user=request.user, pk=action.pk, today=today)
        action.current_status = fresh.current_status
        action.current_due_date = fresh.current_due_date
        action.last_noted_on = fresh.last_noted_on
        action.version = fresh.version
        return conflict(error.current, data["version"])
    except RefusedError as error:
        if error.code in {"not_signed_off", "carried_forward"}:
            return _not_saved(request, action, form, error.message)
        if isinstance(error, OutOfDateError):  # drawn again at the saved version
            posted = request.POST.copy()
            posted["version"] = str(error.version)
            form = form_for(posted)
            form.is_valid()
        form.add_error(None, ValidationError(error.message, code=error.code))
        return page(form)
    messages.success(request, "The update has been saved")
    return redirect("actions:detail", action_id=action.pk)


def _not_updatable(action) -> str:
    if action.superseded:
        return "This action was carried forward into a later assessment, so update it there."
    return services.action_not_signed_off_message(state=action.rating.assessment.state)


NOT_SAVED = "Your update has not been saved"


def _not_saved(request, action, form, message: str = ""):
    """409: the action can no longer be updated, most often because a lead carried it
    forward into the next assessment while this page was open. Says who did so and when,
    and shows everything typed so it can be copied there: a refusal never loses it."""
    later = selectors.carried_into(action)
    if later is not None:
        assessment = later.rating.assessment
        moved = MovedOn(
            person_name(assessment.created_by, viewer=request.user),
            f"carried this action forward into the {assessment.period} assessment",
            assessment.created_at,  # the copy is made as the assessment starts
            "It is followed there from now on, so update it there.",
        )
        back = Back(
            reverse("actions:detail", args=[later.pk]),
            f"Go to the action in the {assessment.period} assessment",
        )
    else:  # no copy to name: the refusal's own words
        moved = MovedOn("", "", None, message or _not_updatable(action))
        back = Back(reverse("actions:detail", args=[action.pk]), "Go back to the action")
    rows = typed(form)
    context = {
        "action": action,
        "assessment": action.rating.assessment,
        "heading": NOT_SAVED,
        "moved": moved,
        "sections": [Section("", rows, empty="" if rows else "You had not typed anything.")],
        "back": back,
    }
    return render(request, "actions/not_saved.html", context, status=409)
